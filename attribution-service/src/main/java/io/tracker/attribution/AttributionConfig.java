package io.tracker.attribution;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** Everything the attribution Streams app reads at start (see reference.conf for defaults and variables). */
public record AttributionConfig(String applicationId, String bootstrapServers, String queryHost, int queryPort,
    Path stateDir, Duration commitInterval, long rocksdbBlockCache, long rocksdbWriteBuffers, Duration grace, Duration longestCookieWindow, Duration timeDecayHalfLife, Duration reportRetention,
    Set<Long> duplicateTransactionOffers) {

  private static final Duration ONE_DAY = Duration.ofDays(1);

  /** The attribution section alone, checked at once. */
  public static AttributionConfig load(Config config) {
    ConfigCheck attribution = ConfigCheck.of(config, "attribution");
    AttributionConfig loaded = read(attribution);
    attribution.done();
    return loaded;
  }

  /** Reads the attribution section into a check that may hold other sections' errors too. */
  static AttributionConfig read(ConfigCheck attribution) {
    Duration grace = attribution.duration("grace");
    Duration longestCookieWindow = attribution.duration("longestCookieWindow");
    Duration halfLife = attribution.duration("timeDecayHalfLife");
    Duration reportRetention = attribution.duration("reportRetention");
    Duration commitInterval = attribution.duration("commitInterval");
    attribution.require(commitInterval.toMillis() >= 10 && commitInterval.compareTo(Duration.ofMinutes(1)) <= 0,
        "commitInterval must lie between 10ms and 1m");
    attribution.require(!grace.isNegative(), "grace must not be negative");
    attribution.require(longestCookieWindow.compareTo(ONE_DAY) >= 0, "longestCookieWindow must be at least 1d");
    attribution.require(!halfLife.isNegative() && !halfLife.isZero(), "timeDecayHalfLife must be positive");
    attribution.require(reportRetention.compareTo(ONE_DAY) >= 0, "reportRetention must be at least 1d");
    return new AttributionConfig(
        attribution.nonEmpty("applicationId"),
        attribution.section("kafka").nonEmpty("bootstrapServers"),
        attribution.nonEmpty("queryHost"),
        // not 0: the port is published to the other instances before the server binds it
        attribution.intBetween("queryPort", 1, 65_535),
        Path.of(attribution.nonEmpty("stateDir")),
        commitInterval,
        attribution.bytesBetween("rocksdbBlockCache", 1L << 20, 64L << 30),
        attribution.bytesBetween("rocksdbWriteBuffers", 1L << 20, 64L << 30),
        grace, longestCookieWindow, halfLife, reportRetention,
        offerIds(attribution, attribution.string("duplicateTransactionOffers")));
  }

  private static Set<Long> offerIds(ConfigCheck check, String list) {
    Set<Long> ids = new TreeSet<>();
    for (String item : list.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        ids.add(Long.parseLong(item.strip()));
      } catch (NumberFormatException e) {
        check.require(false, "duplicateTransactionOffers must list offer ids, not '" + item.strip() + "'");
      }
    }
    return Set.copyOf(ids);
  }

  /** Clicks and transaction ids are kept this long: a conversion may still look back this far when it is decided. */
  Duration historyRetention() {
    return longestCookieWindow.plus(grace);
  }

  /** "host:port" of this instance's query listener, as the other instances reach it. */
  String queryAddress() {
    return queryHost + ":" + queryPort;
  }
}
