package io.tracker.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaNodeTest {

  @Test
  void readsTheEnvironmentAsTheKafkaImageDoes() {
    Properties properties = KafkaNode.serverProperties(Map.of(
        "KAFKA_NODE_ID", "2",
        "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2",
        "KAFKA_SOME__UNDER___DASHED", "v",
        // the image's own settings and everything else are not server properties
        "KAFKA_HEAP_OPTS", "-Xmx1g",
        "KAFKA_LOG4J_ROOT_LOGLEVEL", "INFO",
        "CLUSTER_ID", "MkU3OEVBNTcwNTJENDM2Qk",
        "PATH", "/usr/bin"));

    assertEquals(Map.of(
        "node.id", "2",
        "controller.quorum.voters", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093",
        "transaction.state.log.min.isr", "2",
        "some_under-dashed", "v"), properties);
  }
}
