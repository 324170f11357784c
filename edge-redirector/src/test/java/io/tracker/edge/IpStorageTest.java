package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpStorageTest {

  @Test
  void keepsTruncatesOrHashes() {
    assertEquals("203.0.113.77", IpStorage.FULL.apply("203.0.113.77", ""));
    assertEquals("203.0.113.0", IpStorage.TRUNCATED.apply("203.0.113.77", ""));
    assertEquals("2001:db8:85a3::", IpStorage.TRUNCATED.apply("2001:db8:85a3:8d3:1319:8a2e:370:7348", ""));
    String hashed = IpStorage.HASHED.apply("203.0.113.77", "salt-salt-salt-salt");
    assertTrue(hashed.matches("h:[0-9a-f]{24}"), hashed);
    assertEquals(hashed, IpStorage.HASHED.apply("203.0.113.77", "salt-salt-salt-salt"), "same address, same value");
    assertNotEquals(hashed, IpStorage.HASHED.apply("203.0.113.78", "salt-salt-salt-salt"));
    assertNotEquals(hashed, IpStorage.HASHED.apply("203.0.113.77", "another-salt-value"));
  }
}
