package io.tracker.bench;

import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.KafkaNode;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node Kafka cluster in its own JVM for benchmarks, so that the broker's work does not share the heap
 * and JIT of the code measured: {@code StandaloneBroker <data dir> <port> <controller port> <event partitions>}.
 * It is embedded-kafka's {@link KafkaNode} with the tracker's topics created ahead: prints "ready" and runs until
 * killed.
 */
public final class StandaloneBroker {
  private StandaloneBroker() {}

  public static void main(String[] args) throws InterruptedException {
    Path data = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int controllerPort = Integer.parseInt(args[2]);
    int partitions = Integer.parseInt(args[3]);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, port, controllerPort, Duration.ofMinutes(2));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      KafkaTopics.ensure(admin, partitions, (short) 1,
          KafkaTopics.clickTopicRetention(ConfigCheck.of(ConfigCheck.load(Map.of()), "kafka")));
    }
    KafkaNode.serveUntilStopped(broker);
  }
}
