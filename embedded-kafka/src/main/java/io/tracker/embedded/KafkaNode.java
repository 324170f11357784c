package io.tracker.embedded;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a KRaft cluster in a JVM of its own, configured the way the {@code apache/kafka} image that
 * docker-compose.yml runs is: every {@code KAFKA_*} environment variable is a server property
 * ({@code KAFKA_CONTROLLER_QUORUM_VOTERS} is {@code controller.quorum.voters}; {@code __} stands for {@code _} and
 * {@code ___} for {@code -}), and {@code CLUSTER_ID} is the id its storage is formatted with the first time. So the
 * compose file's broker environment runs unchanged without Docker (the cluster test does that). Runs until SIGTERM,
 * which stops the node cleanly.
 */
public final class KafkaNode {
  private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
  private static final Duration READY_WITHIN = Duration.ofMinutes(2);
  /** The image's own settings that are not server properties (KafkaDockerWrapper's exclusions). */
  private static final Set<String> NOT_SERVER_PROPERTIES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS",
      "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
      "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME");
  private static final String PREFIX = "KAFKA_";

  private KafkaNode() {}

  public static void main(String[] args) throws InterruptedException {
    String clusterId = System.getenv("CLUSTER_ID");
    if (clusterId == null || clusterId.isBlank()) {
      log.error("CLUSTER_ID must be set: the id every node of the cluster is formatted with");
      System.exit(2);
    }
    serveUntilStopped(EmbeddedKafkaBroker.startNode(serverProperties(System.getenv()), clusterId, READY_WITHIN));
  }

  /** The server properties that the image would write from this environment. */
  static Properties serverProperties(Map<String, String> environment) {
    Properties properties = new Properties();
    environment.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && !NOT_SERVER_PROPERTIES.contains(name)) {
        properties.setProperty(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT)
            .replace("_", ".").replace("...", "-").replace("..", "_"), value);
      }
    });
    return properties;
  }

  /** Keeps the JVM serving the broker until it is stopped; SIGTERM closes the broker cleanly. */
  public static void serveUntilStopped(EmbeddedKafkaBroker broker) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    log.info("ready on {}", broker.bootstrapServers());
    Thread.currentThread().join();
  }
}
