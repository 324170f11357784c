package io.tracker.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a consumer's IP address is kept on events, for privacy: as it is, truncated (IPv4 to /24, IPv6 to /48),
 * or as a salted hash (still good for per-address counting, no longer an address).
 */
enum IpStorage {
  FULL, TRUNCATED, HASHED;

  String apply(String ip, String salt) {
    if (ip == null) {
      return null;
    }
    return switch (this) {
      case FULL -> ip;
      case TRUNCATED -> truncate(ip);
      case HASHED -> hash(ip, salt);
    };
  }

  private static String truncate(String ip) {
    int lastDot = ip.lastIndexOf('.');
    if (ip.indexOf(':') < 0 && lastDot > 0) {
      return ip.substring(0, lastDot) + ".0";
    }
    String[] groups = ip.split(":", -1);
    return groups.length >= 3 ? groups[0] + ":" + groups[1] + ":" + groups[2] + "::" : ip;
  }

  private static String hash(String ip, String salt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((salt + "|" + ip).getBytes(StandardCharsets.UTF_8));
      return "h:" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
