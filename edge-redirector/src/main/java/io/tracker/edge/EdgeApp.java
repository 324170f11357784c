package io.tracker.edge;

import io.tracker.platform.CatalogReader;
import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Http;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge: public traffic on :8080. One readable handler chain; every handler answers on the IO thread.
 * Ready when the catalog has been read up to where it stood at start and the click topic's metadata is known.
 */
public final class EdgeApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeApp.class);
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_PARAMETERS = 32;

  private final CatalogReader catalog;
  private final EventPublisher publisher;
  private final Undertow server;

  private EdgeApp(EdgeConfig config) {
    this.catalog = new CatalogReader(config.bootstrapServers(), "edge-catalog");
    this.publisher = new EventPublisher(config.bootstrapServers());
    RequestOrigin origin = new RequestOrigin(config.trustedProxies());
    Cookies cookies = new Cookies(config.cookieDomain(), config.visitorCookieDays(), origin);
    ClickRecorder recorder = new ClickRecorder(catalog::catalog, publisher, cookies, origin);
    HttpHandler routes = Handlers.path(exchange -> Http.sendText(exchange, 404, "text/plain", "not found\n"))
        .addExactPath("/", new TrackingLinkHandler(recorder))
        .addExactPath("/pixel/click.gif", new ClickPixelHandler(recorder))
        .addExactPath("/pixel/click.js", new ClickScriptHandler())
        .addExactPath("/p.ashx", new ConversionHandler(catalog::catalog, publisher, cookies, origin))
        .addExactPath("/healthz", Http.health())
        .addExactPath("/readyz", Http.readiness(this::isReady));
    this.server = Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setIoThreads(config.ioThreads())
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
        .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_PARAMETERS)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        .setHandler(routes)
        .build();
  }

  /** Starts reading the catalog, warms the producer and opens the port. */
  public static EdgeApp start(EdgeConfig config) {
    EdgeApp app = new EdgeApp(config);
    app.catalog.start();
    app.publisher.warmUp();
    app.server.start();
    log.info("edge listening on {}:{}", config.host(), config.port());
    return app;
  }

  public boolean isReady() {
    return catalog.isCaughtUp() && publisher.isWarm();
  }

  /** Stops taking requests first, then sends what the producer still holds. */
  @Override
  public void close() {
    server.stop();
    publisher.close();
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
