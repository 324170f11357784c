package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.platform.ConfigCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

  @Test
  void takesAHostNameAsCookieDomain() {
    assertEquals("track.example.com",
        EdgeConfig.load(ConfigCheck.load(Map.of("edge.cookieDomain", "track.example.com"))).cookieDomain());
  }

  @Test
  void refusesACookieDomainThatWouldAddCookieAttributesAndListsEveryError() {
    var error = assertThrows(ConfigCheck.InvalidConfig.class, () -> EdgeConfig.load(ConfigCheck.load(Map.of(
        "edge.cookieDomain", "example.com; Secure", "edge.visitorCookieDays", 0))));

    assertTrue(error.getMessage().contains("cookieDomain must be a host name"), error.getMessage());
    assertTrue(error.getMessage().contains("visitorCookieDays"), error.getMessage());
  }
}
