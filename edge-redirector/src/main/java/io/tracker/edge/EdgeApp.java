package io.tracker.edge;

import io.tracker.platform.CatalogReader;
import io.tracker.platform.caps.CapCounts;
import io.tracker.platform.Http;
import io.tracker.platform.ProcessMain;
import io.tracker.platform.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.tracker.platform.Catalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
  private final CapCounts capCounts;
  private final Journal journal;
  private final JournalShipper shipper;
  private final EventPublisher publisher;
  private final ScheduledExecutorService flusher;
  private final GracefulShutdownHandler requests;
  private final Undertow server;
  private final Undertow management;

  private EdgeApp(EdgeConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.config = config;
    this.catalog = new CatalogReader(config.bootstrapServers(), "edge-catalog");
    this.capCounts = new CapCounts(config.bootstrapServers(), "edge-cap-counts");
    this.journal = new Journal(config.journalDir(), config.journalSegmentBytes(), config.journalMaxBytes());
    this.shipper = new JournalShipper(journal, config.bootstrapServers());
    this.publisher = new EventPublisher(journal);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "edge-journal-sync");
      thread.setDaemon(true);
      return thread;
    });
    TrafficControl traffic = new TrafficControl(capCounts::used, config.capPeriods(), new DeviceClassifier());
    this.requests = Handlers.gracefulShutdown(routes(config, catalog::catalog, publisher, registry, this::isReady,
        GeoLookup.open(config.geoDatabase()), traffic, clock));
    Gauge.builder("edge.journal.pending.bytes", journal, Journal::pendingBytes)
        .description("events written to the journal that Kafka has not acknowledged yet").register(registry);
    FunctionCounter.builder("edge.events.dropped", publisher, EventPublisher::dropped)
        .description("events lost because the journal was full").register(registry);
    Gauge.builder("edge.kafka.reachable", shipper, s -> s.isKafkaReachable() ? 1 : 0).register(registry);
    Gauge.builder("edge.ready", this, app -> app.isReady() ? 1 : 0).register(registry);
    // Prometheus scrapes a private port: the public one serves no admin path
    this.management = config.managementPort() == 0 ? null : Undertow.builder()
        .addHttpListener(config.managementPort(), config.managementHost())
        .setHandler(Handlers.path(exchange -> Http.sendText(exchange, 404, "text/plain", "not found\n"))
            .addExactPath("/metrics", Metrics.scrape(registry))
            .addExactPath("/healthz", Http.health())
            .addExactPath("/readyz", Http.readiness(this::isReady)))
        .build();
    this.server = listener(config, requests).build();
  }

  /** The public handler chain: one measured handler per endpoint, each answering on the IO thread. */
  static HttpHandler routes(EdgeConfig config, Supplier<Catalog> catalog, EventPublisher publisher,
      MeterRegistry registry, BooleanSupplier ready, GeoLookup geo, TrafficControl traffic, Clock clock) {
    RequestOrigin origin = new RequestOrigin(config.trustedProxies(), config.ipStorage(), config.ipHashSalt());
    Cookies cookies = new Cookies(config.cookieDomain(), config.visitorCookieDays());
    ClickRecorder recorder = new ClickRecorder(catalog, publisher, cookies, origin, geo, traffic, clock);
    return Handlers.path(new Measured("other", exchange -> Http.sendText(exchange, 404, "text/plain", "not found\n"), registry))
        .addExactPath("/", new Measured("link", new TrackingLinkHandler(recorder), registry))
        .addExactPath("/pixel/click.gif", new Measured("click_pixel", new ClickPixelHandler(recorder), registry))
        .addExactPath("/pixel/click.js", new Measured("click_js", new ClickScriptHandler(), registry))
        .addExactPath("/p.ashx", new Measured("conversion", new ConversionHandler(catalog, publisher, cookies, origin, registry, geo, clock),
            registry))
        .addExactPath("/healthz", Http.health())
        .addExactPath("/readyz", Http.readiness(ready));
  }

  /** The listener with the edge's limits on headers, parameters and bodies. */
  static Undertow.Builder listener(EdgeConfig config, HttpHandler handler) {
    return Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setIoThreads(config.ioThreads())
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
        .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_PARAMETERS)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        .setHandler(handler);
  }

  /** Opens the journal (sending on what a previous run left), starts reading the catalog, opens the port. */
  public static EdgeApp start(EdgeConfig config, PrometheusMeterRegistry registry) {
    return start(config, registry, Clock.systemUTC());
  }

  /** With the clock that times clicks and conversions and picks caps' periods (tests move it to the next day). */
  public static EdgeApp start(EdgeConfig config, PrometheusMeterRegistry registry, Clock clock) {
    EdgeApp app = new EdgeApp(config, registry, clock);
    if (app.journal.pendingBytes() > 0) {
      log.info("edge journal holds {} bytes not yet acknowledged by Kafka: sending them", app.journal.pendingBytes());
    }
    app.shipper.start();
    long fsyncMillis = Math.max(1, config.journalFsyncInterval().toMillis());
    app.flusher.scheduleWithFixedDelay(app::syncJournal, fsyncMillis, fsyncMillis, TimeUnit.MILLISECONDS);
    app.catalog.start();
    app.capCounts.start();
    app.server.start();
    if (app.management != null) {
      app.management.start();
    }
    log.info("edge listening on {}:{}", config.host(), config.port());
    return app;
  }

  private void syncJournal() {
    try {
      journal.sync();
    } catch (RuntimeException e) { // a full disk, say: the next round tries again, appends go on meanwhile
      log.warn("could not sync the edge journal", e);
    }
  }

  public boolean isReady() {
    return catalog.isCaughtUp() && capCounts.isCaughtUp() && journal.pendingBytes() < config.journalHighWater() * journal.maxPendingBytes();
  }

  /** Bytes of events in the journal that Kafka has not acknowledged yet (0 after a clean drain). */
  public long pendingJournalBytes() {
    return journal.pendingBytes();
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
    if (management != null) {
      management.stop();
    }
    shipper.close(config.drainTimeout());
    flusher.shutdown();
    try {
      flusher.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
    catalog.close();
    capCounts.close();
  }

  public static void main(String[] args) {
    ProcessMain.run("edge", EdgeConfig::load, EdgeApp::start);
  }
}
