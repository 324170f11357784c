package io.tracker.clicks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import java.nio.file.Path;
import java.time.Duration;

/** Everything click-streams reads at start, checked at once (see reference.conf for defaults and variables). */
public record ClickStreamsConfig(String applicationId, String bootstrapServers, String queryHost, int queryPort,
    Path stateDir, Duration reportRetention) {

  public static ClickStreamsConfig load(Config config) {
    ConfigCheck clickStreams = ConfigCheck.of(config, "clickStreams");
    ConfigCheck kafka = clickStreams.section("kafka");
    Duration reportRetention = clickStreams.duration("reportRetention");
    // the store keeps whole hourly windows, so it must at least keep one
    clickStreams.require(reportRetention.compareTo(ClickReportTopology.BUCKET) >= 0,
        "reportRetention must be at least " + ClickReportTopology.BUCKET);
    ClickStreamsConfig loaded = new ClickStreamsConfig(
        clickStreams.nonEmpty("applicationId"),
        kafka.nonEmpty("bootstrapServers"),
        clickStreams.nonEmpty("queryHost"),
        // not 0: the port is published to the other instances before the server binds it
        clickStreams.intBetween("queryPort", 1, 65_535),
        Path.of(clickStreams.nonEmpty("stateDir")),
        reportRetention);
    clickStreams.done();
    return loaded;
  }
}
