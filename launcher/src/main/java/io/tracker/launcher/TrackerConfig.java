package io.tracker.launcher;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;

/** The all-in-one launcher's own settings; each module reads its own section as well. */
record TrackerConfig(Path dataDir, int kafkaPort, int controllerPort, String adminKey, String internalKey,
    int eventPartitions, Duration clickTopicRetention) {

  static TrackerConfig load(Config config) {
    ConfigCheck tracker = ConfigCheck.of(config, "tracker");
    ConfigCheck kafka = tracker.section("kafka");
    TrackerConfig loaded = new TrackerConfig(Path.of(tracker.nonEmpty("dataDir")), tracker.port("kafkaPort"),
        tracker.port("controllerPort"), tracker.string("adminKey"), tracker.section("internal").string("key"),
        kafka.intBetween("eventPartitions", 1, 10_000), KafkaTopics.clickTopicRetention(kafka));
    tracker.require(loaded.kafkaPort() != loaded.controllerPort(), "kafkaPort and controllerPort must differ");
    tracker.done();
    return loaded;
  }
}
