package io.tracker.platform.cluster;

import io.tracker.platform.ConfigCheck;
import io.tracker.platform.RocksDbTuning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What every Streams app of the tracker is configured with, read the same way from its own config section
 * (see each app's reference.conf for the defaults and environment variables): its application id, where it
 * answers queries, its state folder, commit interval, record cache, RocksDB memory, standby replicas, static membership and the
 * session timeout after which a silent instance's partitions move, the replication of its changelog and
 * repartition topics (the "kafka" section's, like the tracker's own topics), and the internal key its query port
 * asks for.
 */
public record StreamsSettings(String applicationId, String bootstrapServers, String queryHost, int queryPort,
    Path stateDir, Duration commitInterval, long cacheBytes, long rocksdbBlockCache, long rocksdbWriteBuffers,
    int standbyReplicas, boolean staticMembership,
    Duration sessionTimeout, int replicationFactor, String internalKey) {

  static final int MIN_KEY_LENGTH = 8;

  /** Reads the section's Streams settings, and "kafka" and "internal", into the section's list of errors. */
  public static StreamsSettings read(ConfigCheck app) {
    String internalKey = app.section("internal").string("key");
    app.require(internalKey.length() >= MIN_KEY_LENGTH,
        "the internal key (TRACKER_INTERNAL_KEY) must be set, at least " + MIN_KEY_LENGTH + " characters");
    ConfigCheck kafka = app.section("kafka");
    return new StreamsSettings(
        app.nonEmpty("applicationId"),
        kafka.nonEmpty("bootstrapServers"),
        app.nonEmpty("queryHost"),
        // not 0: the port is published to the other instances before the server binds it
        app.intBetween("queryPort", 1, 65_535),
        Path.of(app.nonEmpty("stateDir")),
        app.durationBetween("commitInterval", Duration.ofMillis(10), Duration.ofMinutes(1)),
        app.bytesBetween("cacheSize", 0, 8L << 30),
        app.bytesBetween("rocksdbBlockCache", 1L << 20, 64L << 30),
        app.bytesBetween("rocksdbWriteBuffers", 1L << 20, 64L << 30),
        app.intBetween("standbyReplicas", 0, 8),
        app.bool("staticMembership"),
        // the brokers' group.min.session.timeout.ms and group.max.session.timeout.ms (defaults) bound it
        app.durationBetween("sessionTimeout", Duration.ofSeconds(6), Duration.ofMinutes(30)),
        kafka.intBetween("replicationFactor", 1, 32),
        internalKey);
  }

  /** This instance as the others reach it. */
  public HostInfo self() {
    return new HostInfo(queryHost, queryPort);
  }

  /** The Streams properties every app shares; an app adds what is its own. */
  public Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
    RocksDbTuning.configure(props, rocksdbBlockCache, rocksdbWriteBuffers);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, queryHost + ":" + queryPort);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // changelogs and repartition topics as safe as the tracker's own topics (else the brokers' default, often 1)
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    if (staticMembership) {
      // an instance restarted after a crash takes its partitions back at once, without a rebalance, if it is back
      // within the session timeout
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          (applicationId + "-" + queryHost + "-" + queryPort).replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    // an instance that dies (SIGKILL, a lost machine) keeps its partitions, unprocessed and unqueryable, until its
    // session times out: Kafka's default, 45 s, is a long outage of reports; heartbeats at a third of it
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) sessionTimeout.toMillis());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) Math.min(3_000, sessionTimeout.toMillis() / 3));
    // every event writes changelog records: bigger compressed batches spare the brokers
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    // process what is buffered without waiting for the app's other input topics: no app needs an order between
    // them (a conversion waits for its clicks, a credit counts in its own hour whatever the order), and Kafka's
    // default formats an idling reason for every record while a sparse topic's partitions are empty
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // Kafka 5's default, taken now: the apps have no global state, and Kafka warns at every start without it
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return props;
  }
}
