package io.tracker.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: Kafka's own KRaft server in combined broker + controller mode, the code
 * that {@code kafka-server-start.sh} runs. Either a whole single-node cluster (the launcher, the tests) or one node
 * of a multi-node quorum ({@link KafkaNode}, one JVM per node). The storage is formatted once; a restart on the same
 * folder keeps every topic.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String READINESS_TOPIC = "tracker.readiness";

  private final KafkaRaftServer server;
  private final int nodeId;
  private final String bootstrapServers;

  private EmbeddedKafkaBroker(KafkaRaftServer server, int nodeId, String bootstrapServers) {
    this.server = server;
    this.nodeId = nodeId;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a single-node cluster on 127.0.0.1:port with its data in dataDir, and waits until it is usable. */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort, Duration readyWithin) {
    Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
    return startNode(singleNodeProperties(logDir, port, controllerPort), Uuid.randomUuid().toString(), readyWithin);
  }

  /**
   * Starts one node of a KRaft cluster from its server properties ({@code node.id}, {@code process.roles},
   * {@code controller.quorum.voters} naming every voter, listeners, {@code log.dirs}, ...): formats its storage with
   * the cluster id every node of the cluster shares when the storage is new, and waits until the node serves as a
   * broker. A single-node cluster is ready once a record written with acks=all can be read back; a node of a larger
   * one once the quorum has registered it and let it serve (it cannot write alone, by design).
   */
  public static EmbeddedKafkaBroker startNode(Properties serverProperties, String clusterId, Duration readyWithin) {
    KafkaConfig config = KafkaConfig.fromProps(serverProperties, false);
    formatOnce(serverProperties, clusterId, Path.of(config.logDirs().get(0)));
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, config.nodeId(), advertisedAddress(serverProperties));
    try {
      if (voters(serverProperties) == 1) {
        broker.awaitWriteAndRead(readyWithin);
      } else {
        broker.awaitServing(readyWithin);
      }
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    log.info("Kafka node {} ready on {} (data in {})", broker.nodeId, broker.bootstrapServers, config.logDirs());
    return broker;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public int nodeId() {
    return nodeId;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties singleNodeProperties(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", logDir.toString()),
        Map.entry("num.partitions", "1"),
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "5"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "5"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))));
    return p;
  }

  private static int voters(Properties serverProperties) {
    return serverProperties.getProperty("controller.quorum.voters", "").split(",").length;
  }

  /** host:port of the inter-broker listener as advertised (else as listened on): where clients find this node. */
  private static String advertisedAddress(Properties serverProperties) {
    String listenerName = serverProperties.getProperty("inter.broker.listener.name", "PLAINTEXT");
    String listeners = serverProperties.getProperty("advertised.listeners",
        serverProperties.getProperty("listeners", ""));
    return Arrays.stream(listeners.split(","))
        .map(String::strip)
        .filter(listener -> listener.startsWith(listenerName + "://"))
        .map(listener -> listener.substring(listenerName.length() + 3))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + listenerName + " listener in " + listeners));
  }

  /** Formats the storage the first time, as {@code kafka-storage.sh format --ignore-formatted} would. */
  private static void formatOnce(Properties serverProperties, String clusterId, Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Path configFile = null;
    try {
      Files.createDirectories(logDir);
      configFile = Files.createTempFile(logDir.getParent(), "kafka-format-", ".properties");
      try (var out = Files.newOutputStream(configFile)) {
        serverProperties.store(out, "written by the tracker to format this Kafka node's storage");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString(),
          "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + logDir, e);
    } finally {
      if (configFile != null) {
        try {
          Files.deleteIfExists(configFile);
        } catch (IOException e) {
          log.warn("cannot delete {}", configFile, e);
        }
      }
    }
  }

  /** A node of a cluster serves once the active controller has registered it and not fenced it. */
  private void awaitServing(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      while (!remaining(deadline).isZero()) {
        try {
          // the cluster's live brokers leave out fenced ones
          if (admin.describeCluster().nodes().get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)
              .stream().map(Node::id).anyMatch(id -> id == nodeId)) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // the quorum is still forming: ask again
        }
        TimeUnit.MILLISECONDS.sleep(100); // polling the controller's view, bounded by the deadline
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
    throw new IllegalStateException("Kafka node " + nodeId + " not serving as a broker within " + within);
  }

  /** Ready means a record can really be written with acks=all and read back, not just that a port is open. */
  private void awaitWriteAndRead(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(common)) {
      try {
        admin.createTopics(List.of(new NewTopic(READINESS_TOPIC, 1, (short) 1))).all()
            .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("broker not ready: " + e.getCause(), e.getCause());
        }
      }
      String probe = UUID.randomUUID().toString();
      long offset;
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.MAX_BLOCK_MS_CONFIG, remaining(deadline).toMillis()),
          new StringSerializer(), new StringSerializer())) {
        offset = producer.send(new ProducerRecord<>(READINESS_TOPIC, probe, probe)).get().offset();
      }
      TopicPartition partition = new TopicPartition(READINESS_TOPIC, 0);
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new StringDeserializer())) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        while (!remaining(deadline).isZero()) {
          ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
          for (var record : records) {
            if (probe.equals(record.value())) {
              return;
            }
          }
        }
      }
      throw new IllegalStateException("broker did not hand back the readiness probe within " + within);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("broker not ready within " + within, e);
    }
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
