package io.tracker.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClickIdTest {

  @Test
  void carriesItsCreationTimeAndVisitor() {
    String visitor = VisitorId.mint();
    long time = 1_764_000_000_123L;
    String clickId = ClickId.create(time, visitor, false);
    assertEquals(ClickId.LENGTH, clickId.length());
    assertTrue(clickId.matches("[A-Za-z0-9_-]+"), "URL-safe: " + clickId);
    assertEquals(new ClickId.Parts(time, visitor, false), ClickId.parse(clickId).orElseThrow());
    assertEquals(new ClickId.Parts(time, visitor, true), ClickId.parse(ClickId.create(time, visitor, true)).orElseThrow());
  }

  @Test
  void isUniquePerClickEvenWithinTheSameMillisecond() {
    String visitor = VisitorId.mint();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(ClickId.create(1_000L, visitor, i % 2 == 0));
    }
    assertTrue(ids.size() > 9_990, "random part keeps ids apart: " + ids.size());
  }

  @Test
  void rejectsValuesThatAreNotClickIds() {
    assertTrue(ClickId.parse(null).isEmpty());
    assertTrue(ClickId.parse("short").isEmpty());
    assertTrue(ClickId.parse("!!!!!!!!!!!!!!!!!!!!!!!!").isEmpty());
  }

  @Test
  void visitorIdsFromTheSameIdentityAreEqualAndValid() {
    String a = VisitorId.fromIdentity("1.2.3.4|Mozilla");
    assertEquals(a, VisitorId.fromIdentity("1.2.3.4|Mozilla"));
    assertNotEquals(a, VisitorId.fromIdentity("1.2.3.5|Mozilla"));
    assertTrue(VisitorId.isValid(a));
    assertTrue(VisitorId.isValid(VisitorId.mint()));
    assertFalse(VisitorId.isValid("AAAAAAAAAAB"), "non-canonical trailing bits");
    assertFalse(VisitorId.isValid("../etc/pass"));
    assertFalse(VisitorId.isValid(null));
  }

  @Test
  void visitorIdsMadeLaterSortAfterAndDifferWithinAMillisecond() {
    long time = 1_764_000_000_123L;
    Set<String> sameMillisecond = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = VisitorId.mint(time);
      assertTrue(VisitorId.isValid(id), id);
      sameMillisecond.add(id);
      assertTrue(Long.compareUnsigned(VisitorId.toLong(id), VisitorId.toLong(VisitorId.mint(time + 1))) < 0,
          "a store keeps ids made a millisecond apart in order");
    }
    assertEquals(1_000, sameMillisecond.size());
  }
}
