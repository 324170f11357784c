package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The built-in country database, read with MaxMind's reader, and what is never looked up. */
class GeoLookupTest {
  private static final GeoLookup GEO = GeoLookup.open("");

  @Test
  void findsTheCountryOfPublicAddresses() {
    assertEquals("US", GEO.country("8.8.8.8"));
    assertEquals("DE", GEO.country("5.9.0.1"));
    assertEquals("US", GEO.country("2001:4860:4860::8888"));
  }

  @Test
  void privateAndLoopbackAddressesHaveNoCountry() {
    assertNull(GEO.country("127.0.0.1"));
    assertNull(GEO.country("10.1.2.3"));
    assertNull(GEO.country("::1"));
  }

  @Test
  void onlyAddressLiteralsAreLookedUpNeverHostNames() {
    assertNull(GEO.country(null));
    assertNull(GEO.country(""));
    assertNull(GEO.country("localhost"));
    assertNull(GEO.country("example.com"));
    assertNull(GEO.country("8.8.8"));
    assertNull(GEO.country("8.8.8.256"));
    assertNull(GEO.country("1.2.3.4.5"));
    assertNull(GEO.country("fe80::1%eth0"));
  }
}
