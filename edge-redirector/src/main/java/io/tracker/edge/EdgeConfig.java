package io.tracker.edge;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.caps.CapPeriods;
import java.nio.file.Files;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Everything the edge reads at start, checked at once (see reference.conf for defaults and variables). */
public record EdgeConfig(String host, int port, String cookieDomain, int visitorCookieDays, int ioThreads,
    Set<String> trustedProxies, IpStorage ipStorage, String ipHashSalt, Path journalDir, int journalSegmentBytes, long journalMaxBytes,
    double journalHighWater, Duration journalFsyncInterval, Duration drainTimeout, String managementHost,
    int managementPort, String bootstrapServers, String geoDatabase, CapPeriods capPeriods) {

  public static EdgeConfig load(Config config) {
    ConfigCheck edge = ConfigCheck.of(config, "edge");
    ConfigCheck kafka = edge.section("kafka");
    EdgeConfig loaded = new EdgeConfig(
        edge.nonEmpty("host"),
        edge.port("port"),
        edge.string("cookieDomain"),
        edge.intBetween("visitorCookieDays", 1, 400),
        edge.intBetween("ioThreads", 1, 64),
        addresses(edge, "trustedProxies"),
        ipStorage(edge),
        edge.string("ipHashSalt"),
        Path.of(edge.nonEmpty("journalDir")),
        (int) edge.bytesBetween("journalSegmentSize", 64 * 1024, 1L << 30),
        edge.bytesBetween("journalMaxSize", 1024 * 1024, Long.MAX_VALUE),
        edge.doubleBetween("journalHighWater", 0.01, 1.0),
        edge.duration("journalFsyncInterval"),
        edge.duration("drainTimeout"),
        edge.nonEmpty("managementHost"),
        edge.port("managementPort"),
        kafka.nonEmpty("bootstrapServers"),
        edge.string("geoDatabase"),
        CapPeriods.load(config));
    edge.require(loaded.ipStorage() != IpStorage.HASHED || loaded.ipHashSalt().length() >= 16,
        "ipHashSalt (EDGE_IP_HASH_SALT) of at least 16 characters is needed when ipStorage is HASHED");
    // written into every Set-Cookie header as it is
    edge.require(loaded.cookieDomain().matches("[A-Za-z0-9.-]*"),
        "cookieDomain must be a host name (letters, digits, dots and dashes) or empty");
    edge.require(loaded.journalSegmentBytes() <= loaded.journalMaxBytes(),
        "journalSegmentSize must not exceed journalMaxSize");
    edge.require(loaded.geoDatabase().isEmpty() || Files.isReadable(Path.of(loaded.geoDatabase())),
        "geoDatabase (EDGE_GEO_DATABASE) '" + loaded.geoDatabase() + "' is not a readable file");
    edge.done();
    return loaded;
  }

  private static IpStorage ipStorage(ConfigCheck check) {
    String value = check.string("ipStorage");
    try {
      return IpStorage.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      check.require(false, "ipStorage must be FULL, TRUNCATED or HASHED, not '" + value + "'");
      return IpStorage.FULL;
    }
  }

  /** A comma-separated list of literal IP addresses (no host names: they would need a lookup per request). */
  private static Set<String> addresses(ConfigCheck check, String key) {
    Set<String> addresses = new LinkedHashSet<>();
    for (String entry : check.string(key).split(",")) {
      String address = entry.strip();
      if (address.isEmpty()) {
        continue;
      }
      boolean literal = address.matches("[0-9.]+|[0-9a-fA-F:]+");
      check.require(literal, key + ": '" + address + "' is not an IP address");
      if (literal) {
        try {
          addresses.add(InetAddress.getByName(address).getHostAddress());
        } catch (UnknownHostException e) {
          check.require(false, key + ": '" + address + "' is not an IP address");
        }
      }
    }
    return Set.copyOf(addresses);
  }
}
