package io.tracker.postbacks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.cluster.StreamsSettings;
import io.tracker.platform.postback.PostbackTargets;
import java.net.URI;
import java.time.Duration;

/** Everything the postback service reads at start (see reference.conf for defaults and variables). */
public record PostbackConfig(StreamsSettings streams, PostbackTargets targets, URI clickStreamsUrl,
    Duration requestTimeout, Duration firstRetryDelay, Duration longestRetryDelay, Duration retryHorizon,
    int perHostConcurrency, int maxInFlight, Duration reportRetention) {

  /** The postbacks section and the allowed networks, checked at once. */
  public static PostbackConfig load(Config config) {
    ConfigCheck postbacks = ConfigCheck.of(config, "postbacks");
    Duration requestTimeout = postbacks.durationBetween("requestTimeout", Duration.ofMillis(100), Duration.ofMinutes(1));
    Duration first = postbacks.durationAtLeast("firstRetryDelay", Duration.ofMillis(10));
    Duration longest = postbacks.durationAtLeast("longestRetryDelay", first);
    Duration horizon = postbacks.durationAtLeast("retryHorizon", Duration.ofMillis(100));
    Duration retention = postbacks.duration("reportRetention");
    postbacks.require(retention.compareTo(horizon.plus(Duration.ofDays(1))) >= 0,
        "reportRetention must exceed retryHorizon by at least a day");
    PostbackConfig loaded = new PostbackConfig(StreamsSettings.read(postbacks), PostbackTargets.read(postbacks),
        postbacks.httpUrl("clickStreamsUrl"), requestTimeout, first, longest, horizon,
        postbacks.intBetween("perHostConcurrency", 1, 64), postbacks.intBetween("maxInFlight", 1, 10_000), retention);
    postbacks.done();
    return loaded;
  }

  /** The consumer group of the senders of one deployment: they share the pending calls' partitions. */
  String senderGroup() {
    return streams.applicationId() + "-sender";
  }
}
