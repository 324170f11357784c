package io.tracker.edge;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The consumer's country from their address, in a MaxMind-format (.mmdb) country database read with MaxMind's
 * reader: the free database built into the edge (see the README), or the file EDGE_GEO_DATABASE names, such as
 * MaxMind's GeoIP2 / GeoLite2 Country. Both layouts are read: ip-location-db's {@code country_code} and MaxMind's
 * {@code country.iso_code}. Only address literals are looked up (a host name would mean a DNS query per click).
 * The reader's node cache keeps decoded records, so a lookup is a walk down the tree in memory.
 */
final class GeoLookup {
  static final String BUILT_IN = "/geo/country.mmdb";

  private final Reader reader;

  private GeoLookup(Reader reader) {
    this.reader = reader;
  }

  /** The database at path, or the built-in one when path is empty. */
  static GeoLookup open(String path) {
    try {
      if (path.isEmpty()) {
        try (InputStream in = GeoLookup.class.getResourceAsStream(BUILT_IN)) {
          if (in == null) {
            throw new IllegalStateException("the edge was built without its country database (" + BUILT_IN
                + "): build it with Maven, or set EDGE_GEO_DATABASE");
          }
          return new GeoLookup(new Reader(in, new CHMCache()));
        }
      }
      return new GeoLookup(new Reader(Path.of(path).toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the country database " + (path.isEmpty() ? BUILT_IN : path), e);
    }
  }

  /** ISO 3166-1 alpha-2 (upper case) of the address, or null when it is unknown or not an address literal. */
  String country(String ip) {
    InetAddress address = literal(ip);
    if (address == null) {
      return null;
    }
    try {
      Entry entry = reader.get(address, Entry.class);
      return entry == null ? null : entry.code;
    } catch (IOException | RuntimeException e) {
      return null; // a damaged record: the click goes on without a country
    }
  }

  /** The address of an IPv4 or IPv6 literal, never resolving a name; null for anything else. */
  static InetAddress literal(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    try {
      if (ip.indexOf(':') < 0) {
        byte[] bytes = ipv4(ip);
        return bytes == null ? null : InetAddress.getByAddress(bytes);
      }
      for (int i = 0; i < ip.length(); i++) {
        char c = ip.charAt(i);
        if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
          return null;
        }
      }
      return InetAddress.getByName(ip); // a literal: parsed, not looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] ipv4(String ip) {
    byte[] bytes = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= ip.length(); i++) {
      char c = i == ip.length() ? '.' : ip.charAt(i);
      if (c == '.') {
        if (value < 0 || part == 4) {
          return null;
        }
        bytes[part++] = (byte) value;
        value = -1;
      } else if (c >= '0' && c <= '9' && value < 256) {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? bytes : null;
  }

  /** A record of either layout; the reader caches these by their place in the file. */
  public static final class Entry {
    final String code;

    @MaxMindDbConstructor
    public Entry(@MaxMindDbParameter(name = "country_code") String countryCode,
        @MaxMindDbParameter(name = "country") Country country) {
      String code = countryCode != null ? countryCode : country == null ? null : country.isoCode;
      this.code = code == null || code.length() != 2 ? null : code.toUpperCase(Locale.ROOT);
    }
  }

  /** MaxMind's {@code country} map: only its ISO code is read. */
  public static final class Country {
    final String isoCode;

    @MaxMindDbConstructor
    public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
      this.isoCode = isoCode;
    }
  }
}
