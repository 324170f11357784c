package io.tracker.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.platform.HttpErrors;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoresTest {
  private static final TopicPartition CHANGELOG_3 = new TopicPartition("app-counts-changelog", 3);

  @Test
  void aStorePartitionIsRestoringFromTheStartOfItsRestoreUntilItEndsOrIsSuspended() {
    RestoringStores restoring = new RestoringStores();
    assertFalse(restoring.restoring("counts", 3));
    restoring.onRestoreStart(CHANGELOG_3, "counts", 0, 500);
    assertTrue(restoring.restoring("counts", 3));
    assertFalse(restoring.restoring("counts", 2), "another partition");
    assertFalse(restoring.restoring("visits", 3), "another store of the task");
    restoring.onBatchRestored(CHANGELOG_3, "counts", 200, 200);
    assertTrue(restoring.restoring("counts", 3), "half restored");
    restoring.onRestoreEnd(CHANGELOG_3, "counts", 500);
    assertFalse(restoring.restoring("counts", 3));
    restoring.onRestoreStart(CHANGELOG_3, "counts", 0, 500);
    restoring.onRestoreSuspended(CHANGELOG_3, "counts", 100);
    assertFalse(restoring.restoring("counts", 3), "moved away before the end: no longer this instance's");
    restoring.onRestoreStart(CHANGELOG_3, "counts", 0, 500);
    restoring.forgetAll();
    assertFalse(restoring.restoring("counts", 3), "its thread died: the next restore, if any, says so again");
  }

  /**
   * The case Kafka Streams lets through: the app running, and a task's store being restored again (a task found
   * corrupted at run time). The query must fail with a 503, not read the half-restored store.
   */
  @Test
  void aQueryOfAStorePartitionBeingRestoredIsUnavailableThoughTheAppRuns(@TempDir Path state) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("clicks");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "local-stores-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      StreamsRunning running = new StreamsRunning();
      running.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      RestoringStores restoring = new RestoringStores();
      LocalStores stores = new LocalStores("test", streams, running, restoring);
      restoring.onRestoreStart(CHANGELOG_3, "counts", 0, 500);
      HttpErrors.Unavailable answer = assertThrows(HttpErrors.Unavailable.class,
          () -> stores.store("counts", QueryableStoreTypes.keyValueStore(), 3));
      assertTrue(answer.getMessage().contains("partition 3 of counts is being restored here"), answer.getMessage());
    }
  }
}
