package io.tracker.clicks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;

/** Everything click-streams reads at start, checked at once (see reference.conf for defaults and variables). */
public record ClickStreamsConfig(String applicationId, String bootstrapServers, Duration clickTopicRetention,
    String queryHost, int queryPort, Path stateDir, Duration commitInterval, long cacheBytes, long rocksdbBlockCache,
    long rocksdbWriteBuffers, ReportSettings reports, DispositionRules dispositions) {

  public static ClickStreamsConfig load(Config config) {
    ConfigCheck clickStreams = ConfigCheck.of(config, "clickStreams");
    ConfigCheck kafka = clickStreams.section("kafka");
    ConfigCheck dispositions = clickStreams.section("clickStreams.dispositions");
    Duration lateArrivalLimit = clickStreams.duration("lateArrivalLimit");
    Duration commitInterval = clickStreams.duration("commitInterval");
    clickStreams.require(commitInterval.toMillis() >= 10 && commitInterval.compareTo(Duration.ofMinutes(1)) <= 0,
        "commitInterval must lie between 10ms and 1m");
    ClickStreamsConfig loaded = new ClickStreamsConfig(
        clickStreams.nonEmpty("applicationId"),
        kafka.nonEmpty("bootstrapServers"),
        KafkaTopics.clickTopicRetention(kafka),
        clickStreams.nonEmpty("queryHost"),
        // not 0: the port is published to the other instances before the server binds it
        clickStreams.intBetween("queryPort", 1, 65_535),
        Path.of(clickStreams.nonEmpty("stateDir")),
        commitInterval,
        clickStreams.bytesBetween("cacheSize", 0, 8L << 30),
        clickStreams.bytesBetween("rocksdbBlockCache", 1L << 20, 64L << 30),
        clickStreams.bytesBetween("rocksdbWriteBuffers", 1L << 20, 64L << 30),
        ReportSettings.load(clickStreams, lateArrivalLimit),
        DispositionRules.load(dispositions, lateArrivalLimit));
    clickStreams.done();
    return loaded;
  }
}
