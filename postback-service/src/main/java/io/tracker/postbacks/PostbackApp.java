package io.tracker.postbacks;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.platform.CatalogReader;
import io.tracker.platform.ProcessMain;
import io.tracker.platform.cluster.ClusterQueries;
import io.tracker.platform.cluster.StreamsApp;
import io.tracker.platform.cluster.StreamsService;
import io.tracker.schemas.Topics;
import io.undertow.Handlers;
import io.undertow.server.RoutingHandler;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.streams.Topology;

/**
 * The postback service: the Streams app that decides postback calls from attributed conversions and keeps each
 * call's state, the sender that delivers them, and the query port that answers the postback report (for all its
 * instances) and test calls. Instances of one application id share the call partitions, and their senders the
 * pending ones.
 */
public final class PostbackApp extends StreamsApp {
  static final String NAME = "postbacks";
  private static final Duration CATALOG_WITHIN = Duration.ofMinutes(2);
  /** Threads that check a target's addresses (DNS blocks): bounded, a slow name server holds up no more than this. */
  private static final int RESOLVER_THREADS = 16;

  private final CatalogReader catalog;
  private final PostbackSender sender;
  private final ExecutorService resolver = Executors.newFixedThreadPool(RESOLVER_THREADS, daemon("postback-resolver"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("postback-timer"));

  private PostbackApp(PostbackConfig config, CatalogReader catalog, PrometheusMeterRegistry registry) {
    super(new StreamsService(NAME, buildTopology(config, catalog), streamsConfig(config), config.streams(), registry));
    this.catalog = catalog;
    HttpClient http = CallClient.newHttpClient(config.requestTimeout());
    CallClient client = new CallClient(http, config.targets(), new ClickDetails(http, config.clickStreamsUrl(),
        config.streams().internalKey(), config.requestTimeout()), config.requestTimeout(), resolver, timer);
    this.sender = new PostbackSender(config, client, timer, registry);
    // the call states are kept in the partitions of the calls topic
    ClusterQueries<LocalCalls> queries = service.queries(Topics.POSTBACK_CALLS, new LocalCalls(service.stores()));
    RoutingHandler routes = Handlers.routing();
    new PostbackReports(queries, new TestCalls(client, config.requestTimeout())).addTo(routes);
    service.serve(routes);
  }

  static Topology buildTopology(PostbackConfig config, CatalogReader catalog) {
    return PostbackTopology.build(config.reportRetention(), catalog::catalog);
  }

  static Properties streamsConfig(PostbackConfig config) {
    return config.streams().properties();
  }

  /**
   * Reads the catalog first (a conversion is decided against the postbacks it holds), then starts answering queries,
   * processing and sending.
   */
  public static PostbackApp start(PostbackConfig config, PrometheusMeterRegistry registry) {
    PostbackApp app = new PostbackApp(config,
        new CatalogReader(config.streams().bootstrapServers(), "postbacks-catalog"), registry);
    app.catalog.start();
    try {
      if (!app.catalog.awaitCaughtUp(CATALOG_WITHIN)) {
        app.close();
        throw new IllegalStateException("the postback service could not read the catalog within " + CATALOG_WITHIN);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      app.close();
      throw new IllegalStateException("interrupted while reading the catalog", e);
    }
    app.service.start();
    app.sender.start();
    return app;
  }

  /** For the tests: the catalog as this instance decides with it now. */
  io.tracker.platform.Catalog catalog() {
    return catalog.catalog();
  }

  @Override
  public void close() {
    sender.close();
    super.close();
    catalog.close();
    timer.shutdownNow();
    resolver.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public static void main(String[] args) {
    ProcessMain.run(NAME, PostbackConfig::load, PostbackApp::start);
  }
}
