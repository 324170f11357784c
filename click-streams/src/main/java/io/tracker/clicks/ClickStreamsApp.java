package io.tracker.clicks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Http;
import io.tracker.platform.Metrics;
import io.tracker.platform.RocksDbTuning;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click-streams process: the disposition and report topologies, and the server that answers report and
 * click queries from their state. Instances of one application id share the click partitions (at most one
 * instance per partition does work); any of them answers for all of them.
 */
public final class ClickStreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickStreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ClickStreamsConfig config;
  private final KafkaStreams streams;
  private final StreamsRunning running = new StreamsRunning();
  private final Undertow server;
  private final RecordedClicks recorded;

  public ClickStreamsApp(ClickStreamsConfig config) {
    this(config, Metrics.newRegistry());
  }

  /** With the process's metrics registry: the query port also serves it on /metrics. */
  public ClickStreamsApp(ClickStreamsConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.streams = new KafkaStreams(buildTopology(config), streamsConfig(config));
    streams.setStateListener(running);
    Metrics.bindStreams(streams, "click-streams", registry);
    HostInfo self = new HostInfo(config.queryHost(), config.queryPort());
    Peers peers = new Peers();
    LocalStores stores = new LocalStores(streams, running);
    LocalReports local = new LocalReports(stores);
    ClusterReports cluster = new ClusterReports(streams, self, local, peers,
        new PartitionCount(config.bootstrapServers(), ClusterReports.REPORT_TOPIC));
    this.recorded = new RecordedClicks(config.bootstrapServers());
    ClickLookup clicks = new ClickLookup(streams, self, stores, peers, recorded);
    RoutingHandler routes = Handlers.routing()
        .get(ClickReportHandler.PATH, new ReportErrors(new ClickReportHandler(cluster)))
        .get(ClusterReports.INTERNAL_PATH, new ReportErrors(new PartialReportHandler(local)))
        .get(ClickLookup.PATH, new ReportErrors(clicks::findInCluster))
        .get(ClickLookup.INTERNAL_PATH, new ReportErrors(clicks::findHere))
        .get("/healthz", Http.health())
        .get("/readyz", Http.readiness(running::isRunning))
        .get("/metrics", Metrics.scrape(registry))
        .setFallbackHandler(exchange -> Http.sendError(exchange, 404, "no such route"));
    this.server = Undertow.builder()
        .addHttpListener(config.queryPort(), config.queryHost())
        // report queries wait for stores and other instances: off the I/O threads
        .setHandler(new BlockingHandler(routes))
        .build();
  }

  /** Both topologies of the app: clicks -> dispositions -> processed clicks, and those -> reports, in one task. */
  public static Topology buildTopology(ClickStreamsConfig config) {
    Topology topology = new Topology();
    ClickDispositionTopology.buildTopology(topology, config.dispositions(), config.clickTopicRetention(),
        UserAgents.shared());
    return ClickReportTopology.buildTopology(topology, config.reports());
  }

  public static Properties streamsConfig(ClickStreamsConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.cacheBytes());
    RocksDbTuning.configure(props, config.rocksdbBlockCache(), config.rocksdbWriteBuffers());
    // process what is buffered without waiting for the other topic: a conversion's credits count in its own hour
    // whatever the order, and Kafka's default formats an idling reason for every click while the sparse
    // attributed-conversion partitions are empty
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.queryHost() + ":" + config.queryPort());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // every click is a processed-click record and changelog records: compressed batches spare the brokers
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    // Kafka 5's default, taken now: the app has no global state, and Kafka warns at every start without it
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return props;
  }

  /** Starts processing clicks and answering queries; the app becomes ready once Kafka assigned its partitions. */
  public ClickStreamsApp start() {
    server.start(); // first: a port already taken then fails the start before any click is read
    streams.start();
    log.info("click-streams {} started; report queries on {}:{}", config.applicationId(), config.queryHost(),
        config.queryPort());
    return this;
  }

  public boolean isRunning() {
    return running.isRunning();
  }

  /** Stops answering, then leaves the group so that the other instances take the partitions over at once. */
  @Override
  public void close() {
    server.stop();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    recorded.close();
    log.info("click-streams {} stopped", config.applicationId());
  }

  /** For the tests: which partitions this instance holds. */
  KafkaStreams streams() {
    return streams;
  }

  public static void main(String[] args) {
    Config config = ConfigCheck.load(Map.of());
    ClickStreamsApp app = new ClickStreamsApp(ClickStreamsConfig.load(config));
    KafkaTopics.ensure(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "click-streams-shutdown"));
    app.start();
  }
}
