package io.tracker.attribution;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.cluster.StreamsSettings;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** Everything the attribution Streams app reads at start (see reference.conf for defaults and variables). */
public record AttributionConfig(StreamsSettings streams, Duration grace, Duration longestCookieWindow,
    Duration timeDecayHalfLife, Duration reportRetention, Set<Long> duplicateTransactionOffers) {

  private static final Duration ONE_DAY = Duration.ofDays(1);

  /** The attribution section, checked at once. */
  public static AttributionConfig load(Config config) {
    ConfigCheck attribution = ConfigCheck.of(config, "attribution");
    AttributionConfig loaded = new AttributionConfig(StreamsSettings.read(attribution),
        attribution.durationAtLeast("grace", Duration.ZERO),
        attribution.durationAtLeast("longestCookieWindow", ONE_DAY),
        attribution.durationAtLeast("timeDecayHalfLife", Duration.ofMillis(1)),
        attribution.durationAtLeast("reportRetention", ONE_DAY),
        offerIds(attribution, attribution.string("duplicateTransactionOffers")));
    attribution.done();
    return loaded;
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
}
