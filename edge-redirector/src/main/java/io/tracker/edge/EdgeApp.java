package io.tracker.edge;

import com.typesafe.config.Config;
import io.tracker.platform.CatalogReader;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.Http;
import io.tracker.platform.KafkaTopics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge: public traffic on :8080. One readable handler chain; every handler answers on the IO thread after
 * appending its event to the durable journal, and a shipper thread sends the journal to Kafka. Ready when the
 * catalog has been read up to where it stood at start and the journal is below its high-water mark.
 */
public final class EdgeApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeApp.class);
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_PARAMETERS = 32;

  private final EdgeConfig config;
  private final CatalogReader catalog;
  private final Journal journal;
  private final JournalShipper shipper;
  private final EventPublisher publisher;
  private final ScheduledExecutorService flusher;
  private final GracefulShutdownHandler requests;
  private final Undertow server;

  private EdgeApp(EdgeConfig config) {
    this.config = config;
    this.catalog = new CatalogReader(config.bootstrapServers(), "edge-catalog");
    this.journal = new Journal(config.journalDir(), config.journalSegmentBytes(), config.journalMaxBytes());
    this.shipper = new JournalShipper(journal, config.bootstrapServers());
    this.publisher = new EventPublisher(journal);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "edge-journal-fsync");
      thread.setDaemon(true);
      return thread;
    });
    RequestOrigin origin = new RequestOrigin(config.trustedProxies());
    Cookies cookies = new Cookies(config.cookieDomain(), config.visitorCookieDays(), origin);
    ClickRecorder recorder = new ClickRecorder(catalog::catalog, publisher, cookies, origin);
    this.requests = Handlers.gracefulShutdown(Handlers.path(exchange -> Http.sendText(exchange, 404, "text/plain", "not found\n"))
        .addExactPath("/", new TrackingLinkHandler(recorder))
        .addExactPath("/pixel/click.gif", new ClickPixelHandler(recorder))
        .addExactPath("/pixel/click.js", new ClickScriptHandler())
        .addExactPath("/p.ashx", new ConversionHandler(catalog::catalog, publisher, cookies, origin))
        .addExactPath("/healthz", Http.health())
        .addExactPath("/readyz", Http.readiness(this::isReady)));
    this.server = Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setIoThreads(config.ioThreads())
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
        .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_PARAMETERS)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        .setHandler(requests)
        .build();
  }

  /** Opens the journal (sending on what a previous run left), starts reading the catalog, opens the port. */
  public static EdgeApp start(EdgeConfig config) {
    EdgeApp app = new EdgeApp(config);
    if (app.journal.pendingBytes() > 0) {
      log.info("edge journal holds {} bytes not yet acknowledged by Kafka: sending them", app.journal.pendingBytes());
    }
    app.shipper.start();
    long fsyncMillis = Math.max(1, config.journalFsyncInterval().toMillis());
    app.flusher.scheduleAtFixedRate(app.journal::force, fsyncMillis, fsyncMillis, TimeUnit.MILLISECONDS);
    app.catalog.start();
    app.server.start();
    log.info("edge listening on {}:{}", config.host(), config.port());
    return app;
  }

  public boolean isReady() {
    return catalog.isCaughtUp() && journal.pendingBytes() < config.journalHighWater() * journal.maxPendingBytes();
  }

  /** Events the journal could not take because it was full. */
  public long droppedEvents() {
    return publisher.dropped();
  }

  /**
   * Stops taking requests and lets those in flight finish, then sends what the journal holds to Kafka (as
   * long as the drain timeout allows; the rest stays in the journal for the next start).
   */
  @Override
  public void close() {
    requests.shutdown();
    try {
      requests.awaitShutdown(config.drainTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    shipper.close(config.drainTimeout());
    flusher.shutdown();
    journal.close();
    catalog.close();
  }

  public static void main(String[] args) {
    Config config = ConfigCheck.load(Map.of());
    EdgeConfig edgeConfig = EdgeConfig.load(config);
    KafkaTopics.ensure(config);
    EdgeApp app = start(edgeConfig);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "edge-shutdown"));
  }
}
