package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkParametersTest {

  private static Map<String, Deque<String>> query(String... pairs) {
    Map<String, Deque<String>> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.computeIfAbsent(pairs[i], k -> new ArrayDeque<>()).add(pairs[i + 1]);
    }
    return query;
  }

  @Test
  void readsAGoodLink() {
    var parsed = LinkParameters.parse(query("a", "12", "c", "9", "s1", "news", "s5", "z", "udid", "d-1", "test", "1"));
    assertNull(parsed.error());
    var p = parsed.parameters();
    assertEquals(12, p.affiliateId());
    assertEquals(9, p.creativeId());
    assertEquals("news", p.s1());
    assertNull(p.s2());
    assertEquals("z", p.s5());
    assertEquals("d-1", p.udid());
    assertTrue(p.test());
  }

  @Test
  void namesEveryProblem() {
    record Case(Map<String, Deque<String>> query, List<String> problems) {}
    for (Case c : List.of(
        new Case(query(), List.of("a is required", "c is required")),
        new Case(query("a", "x1", "c", "0"), List.of("a must be a positive", "c must be a positive")),
        new Case(query("a", "1", "a", "1", "c", "2"), List.of("a is given more than once")),
        new Case(query("a", "1", "c", "1234567890123456789"), List.of("c must be a positive")),
        new Case(query("a", "1", "c", "2", "s2", "y".repeat(256)), List.of("s2 is longer than 255")),
        new Case(query("a", "1", "c", "2", "test", "yes"), List.of("test must be 1 or 0")))) {
      String error = LinkParameters.parse(c.query()).error();
      for (String problem : c.problems()) {
        assertTrue(error != null && error.contains(problem), c.query() + " -> " + error);
      }
    }
  }
}
