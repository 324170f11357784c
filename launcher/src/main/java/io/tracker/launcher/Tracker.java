package io.tracker.launcher;

import com.typesafe.config.Config;
import io.tracker.admin.ApiApp;
import io.tracker.admin.ApiConfig;
import io.tracker.attribution.AttributionApp;
import io.tracker.attribution.AttributionConfig;
import io.tracker.clicks.ClickStreamsApp;
import io.tracker.clicks.ClickStreamsConfig;
import io.tracker.edge.EdgeApp;
import io.tracker.edge.EdgeConfig;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Metrics;
import io.tracker.postbacks.PostbackApp;
import io.tracker.postbacks.PostbackConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All-in-one mode: a real KRaft broker in this JVM with its data in the data folder, then click-streams,
 * attribution, the postback service, the admin + report API and the edge against it, each as its own process would run it. Everything
 * started is stopped in reverse order, edge first so that no click arrives while the rest shuts down.
 */
public final class Tracker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tracker.class);
  private static final Duration BROKER_READY_WITHIN = Duration.ofMinutes(2);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EdgeApp edge;
  private ApiApp api;
  private ClickStreamsApp clickStreams;
  private AttributionApp attribution;
  private PostbackApp postbacks;
  private String adminKey;
  /** One registry for every module of this process. */
  private final PrometheusMeterRegistry metrics = Metrics.newRegistry();

  private Tracker() {}

  /** Starts everything; {@code overrides} take precedence over the environment and the defaults. */
  public static Tracker start(Map<String, ?> overrides) {
    return start(overrides, Clock.systemUTC());
  }

  /** With the clock the edge times clicks and conversions by, and picks caps' periods by (tests move it on). */
  public static Tracker start(Map<String, ?> overrides, Clock clock) {
    Tracker tracker = new Tracker();
    try {
      tracker.startAll(overrides, clock);
    } catch (RuntimeException e) {
      tracker.close();
      throw e;
    }
    return tracker;
  }

  private void startAll(Map<String, ?> overrides, Clock clock) {
    TrackerConfig config = TrackerConfig.load(ConfigCheck.load(overrides));
    Path data = config.dataDir().toAbsolutePath();
    GeneratedKey.Resolved key = GeneratedKey.resolve(config.adminKey(), data, GeneratedKey.ADMIN_FILE);
    adminKey = key.key();
    String internalKey = GeneratedKey.resolve(config.internalKey(), data, GeneratedKey.INTERNAL_FILE).key();

    Map<String, Object> wiring = new HashMap<>(overrides);
    wiring.put("kafka.bootstrapServers", "127.0.0.1:" + config.kafkaPort());
    wiring.put("clickStreams.stateDir", data.resolve("streams").resolve("click-streams").toString());
    wiring.put("attribution.stateDir", data.resolve("streams").resolve("attribution").toString());
    wiring.put("postbacks.stateDir", data.resolve("streams").resolve("postbacks").toString());
    wiring.put("api.adminKey", adminKey);
    wiring.put("internal.key", internalKey);
    wiring.put("edge.journalDir", data.resolve("edge-journal").toString());
    // the API of this process asks the Streams apps of this process
    Config wired = ConfigCheck.load(wiring);
    wiring.put("api.clickStreamsUrl", "http://127.0.0.1:" + wired.getInt("clickStreams.queryPort"));
    wiring.put("api.attributionUrl", "http://127.0.0.1:" + wired.getInt("attribution.queryPort"));
    wiring.put("api.postbacksUrl", "http://127.0.0.1:" + wired.getInt("postbacks.queryPort"));
    wiring.put("postbacks.clickStreamsUrl", "http://127.0.0.1:" + wired.getInt("clickStreams.queryPort"));
    Modules modules = Modules.load(ConfigCheck.load(wiring));

    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), config.kafkaPort(),
        config.controllerPort(), BROKER_READY_WITHIN);
    started.push(broker);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      KafkaTopics.ensure(admin, config.eventPartitions(), (short) 1, config.clickTopicRetention());
    }
    clickStreams = ClickStreamsApp.start(modules.clickStreams(), metrics);
    started.push(clickStreams);
    attribution = AttributionApp.start(modules.attribution(), metrics);
    started.push(attribution);
    postbacks = PostbackApp.start(modules.postbacks(), metrics);
    started.push(postbacks);
    api = ApiApp.start(modules.api(), metrics, clock);
    started.push(api);
    edge = EdgeApp.start(modules.edge(), metrics, clock);
    started.push(edge);

    log.info("""

        Tracker is running (data in {})
          edge (public traffic):  http://127.0.0.1:{}/?a=<affiliate id>&c=<creative id>
          admin + report API:     http://127.0.0.1:{}/api/...
          admin key:              {}{}
          Kafka (embedded KRaft): {}
        Ctrl-C stops it.""", data, modules.edge().port(), modules.api().port(), adminKey,
        key.generated() ? "  (generated, kept in " + key.file() + ")" : "",
        broker.bootstrapServers());
  }

  /** Every module's config, checked before anything starts; all errors of all modules in one message. */
  private record Modules(ClickStreamsConfig clickStreams, AttributionConfig attribution, PostbackConfig postbacks,
      ApiConfig api, EdgeConfig edge) {
    static Modules load(Config config) {
      List<String> errors = new ArrayList<>();
      ClickStreamsConfig clickStreams = loadOrNote(() -> ClickStreamsConfig.load(config), errors);
      AttributionConfig attribution = loadOrNote(() -> AttributionConfig.load(config), errors);
      PostbackConfig postbacks = loadOrNote(() -> PostbackConfig.load(config), errors);
      ApiConfig api = loadOrNote(() -> ApiConfig.load(config), errors);
      EdgeConfig edge = loadOrNote(() -> EdgeConfig.load(config), errors);
      if (!errors.isEmpty()) {
        throw new ConfigCheck.InvalidConfig("tracker", errors);
      }
      return new Modules(clickStreams, attribution, postbacks, api, edge);
    }

    private static <T> T loadOrNote(Supplier<T> load, List<String> errors) {
      try {
        return load.get();
      } catch (ConfigCheck.InvalidConfig e) {
        errors.add(e.getMessage());
        return null;
      }
    }
  }

  public String adminKey() {
    return adminKey;
  }

  /** The edge and the API answer, and every Streams app has its partitions (so reports can answer). */
  public boolean isReady() {
    return edge != null && edge.isReady() && api.isReady() && clickStreams.isRunning() && attribution.isRunning()
        && postbacks.isRunning();
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("could not stop {} cleanly", next.getClass().getSimpleName(), e);
      }
    }
  }

  public static void main(String[] args) {
    Tracker tracker;
    try {
      tracker = start(Map.of());
    } catch (ConfigCheck.InvalidConfig e) {
      log.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(tracker::close, "tracker-shutdown"));
  }
}
