package io.tracker.clicks;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Http;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click-streams process: the click report topology and the server that answers report queries from its
 * state. Instances of one application id share the click partitions (at most one instance per partition does
 * work); any of them answers a report for all of them.
 */
public final class ClickStreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickStreamsApp.class);
  /** Reports must be fresh within a second: a commit makes the sums of the last clicks durable and visible. */
  private static final long COMMIT_INTERVAL_MS = 100;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final ClickStreamsConfig config;
  private final KafkaStreams streams;
  private final StreamsRunning running = new StreamsRunning();
  private final Undertow server;

  public ClickStreamsApp(ClickStreamsConfig config) {
    this.config = config;
    this.streams = new KafkaStreams(buildTopology(config), streamsConfig(config));
    streams.setStateListener(running);
    LocalReports local = new LocalReports(streams, running);
    ClusterReports cluster = new ClusterReports(streams, new HostInfo(config.queryHost(), config.queryPort()), local,
        HttpClient.newBuilder().connectTimeout(PEER_CONNECT_TIMEOUT).build());
    RoutingHandler routes = Handlers.routing()
        .get(ClickReportHandler.PATH, new ReportErrors(new ClickReportHandler(cluster)))
        .get(ClusterReports.INTERNAL_PATH, new ReportErrors(new PartialReportHandler(local)))
        .get("/healthz", Http.health())
        .get("/readyz", Http.readiness(running::isRunning))
        .setFallbackHandler(exchange -> Http.sendError(exchange, 404, "no such route"));
    this.server = Undertow.builder()
        .addHttpListener(config.queryPort(), config.queryHost())
        // report queries wait for stores and other instances: off the I/O threads
        .setHandler(new BlockingHandler(routes))
        .build();
  }

  public static Topology buildTopology(ClickStreamsConfig config) {
    return ClickReportTopology.buildTopology(config.reportRetention());
  }

  public static Properties streamsConfig(ClickStreamsConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.queryHost() + ":" + config.queryPort());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
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
