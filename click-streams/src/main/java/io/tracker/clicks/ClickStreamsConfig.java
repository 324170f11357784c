package io.tracker.clicks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.caps.CapPeriods;
import io.tracker.platform.cluster.StreamsSettings;
import java.time.Duration;

/** Everything click-streams reads at start, checked at once (see reference.conf for defaults and variables). */
public record ClickStreamsConfig(StreamsSettings streams, Duration clickTopicRetention, ReportSettings reports,
    DispositionRules dispositions, CapPeriods capPeriods, Duration capEmitInterval) {

  public static ClickStreamsConfig load(Config config) {
    ConfigCheck clickStreams = ConfigCheck.of(config, "clickStreams");
    ConfigCheck dispositions = clickStreams.section("clickStreams.dispositions");
    Duration lateArrivalLimit = clickStreams.duration("lateArrivalLimit");
    StreamsSettings streams = StreamsSettings.read(clickStreams);
    ClickStreamsConfig loaded = new ClickStreamsConfig(
        streams,
        KafkaTopics.clickTopicRetention(clickStreams.section("kafka")),
        // cacheSize bounds the report rows' own cache: no store of the app uses Kafka's record cache
        ReportSettings.load(clickStreams, lateArrivalLimit, streams.cacheBytes()),
        DispositionRules.load(dispositions, lateArrivalLimit),
        CapPeriods.load(config),
        clickStreams.duration("capEmitInterval"));
    clickStreams.require(loaded.capEmitInterval().toMillis() >= 10, "capEmitInterval must be at least 10ms");
    clickStreams.done();
    return loaded;
  }
}
