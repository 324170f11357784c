package io.tracker.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.console.ConsoleHandler;
import io.tracker.platform.CatalogReader;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Metrics;
import io.tracker.platform.caps.CapCounts;
import io.tracker.platform.ProcessMain;
import io.tracker.platform.ReportPaths;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin + report API on :8081: the catalog (written to Kafka, read back from it) with the affiliates'
 * postbacks, the offers' events and the affiliates' keys, the link and pixel generators, the settings, the reports
 * (forwarded to the Streams apps that keep them), conversion adjustments and the web console.
 * Every /api route needs the admin key, or an affiliate's key for its own view ({@link ApiAuth}); /healthz,
 * /readyz and the console's own files do not.
 */
public final class ApiApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiApp.class);
  static final long MAX_BODY_BYTES = 64 * 1024;

  private final CatalogReader catalog;
  private final CatalogWriter writer;
  private final KeyUses keyUses;
  private final ConversionAdjustmentsHandler adjustments;
  private final CapCounts capCounts;
  private final Undertow server;

  private ApiApp(ApiConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.catalog = new CatalogReader(config.bootstrapServers(), "api-catalog");
    this.capCounts = new CapCounts(config.bootstrapServers(), "api-cap-counts");
    this.writer = new CatalogWriter(config.bootstrapServers(), catalog);
    RoutingHandler api = Handlers.routing();
    new CatalogResource<>(CatalogEntities.AFFILIATES, writer).addTo(api);
    new CatalogResource<>(CatalogEntities.ADVERTISERS, writer).addTo(api);
    new CatalogResource<>(CatalogEntities.OFFERS, writer).addTo(api);
    new CatalogResource<>(CatalogEntities.CAMPAIGNS, writer).addTo(api);
    new CatalogResource<>(CatalogEntities.CREATIVES, writer).addTo(api);
    new CatalogResource<>(CatalogEntities.postbacks(config.postbackTargets()), writer).addTo(api);
    new CatalogResource<>(CatalogEntities.EVENTS, writer).addTo(api);
    new AffiliateKeysHandler(writer).addTo(api);
    api.get("/api/me", exchange -> Http.sendJson(exchange, 200, Me.of(ApiCaller.of(exchange), writer.catalog())));
    new SettingsHandler(writer).addTo(api);
    new GeneratorsHandler(writer, config.edgeUrl()).addTo(api);
    ReportForwarder reports = new ReportForwarder(config.internalKey());
    reports.addTo(api, ReportPaths.CLICK_STREAMS, config.clickStreams());
    reports.addTo(api, List.of(ReportPaths.ATTRIBUTION_COMPARE), config.attribution());
    api.get(ReportPaths.CONVERSIONS, new ConversionsWithPostbacks(reports, config.attribution(), config.postbacks())::handle);
    reports.addTo(api, ReportPaths.POSTBACK_SERVICE, config.postbacks());
    new PostbacksHandler(writer, reports, config.postbacks()).addTo(api);
    this.adjustments = new ConversionAdjustmentsHandler(config.bootstrapServers(), reports, config.attribution());
    adjustments.addTo(api);
    api.get(ReportPaths.CAPS, new CapsReport(catalog::catalog, capCounts, config.capPeriods(), clock)::handle);
    api.get("/metrics", Metrics.scrape(registry));
    api.setFallbackHandler(exchange -> Http.sendError(exchange, 404, "no such API path"));
    api.setInvalidMethodHandler(exchange -> Http.sendError(exchange, 405, "method not allowed here"));

    // everything but health and the console's own files needs a key, the admin's or an affiliate's (the console
    // asks for it before any call); a path prefix in front of the router would rewrite the path it matches on, so
    // the API is the default
    HttpHandler console = ConsoleHandler.create();
    this.keyUses = new KeyUses(writer);
    var routes = Handlers.path(new ApiAuth(config.adminKey(), writer, keyUses,
            new BlockingHandler(HttpErrors.answering(api))))
        .addExactPath("/healthz", Http.health())
        .addExactPath("/readyz", Http.readiness(this::isReady))
        .addExactPath("/", console)
        .addPrefixPath(ConsoleHandler.PATH, console);
    this.server = Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
        .setHandler(routes)
        .build();
  }

  public static ApiApp start(ApiConfig config, PrometheusMeterRegistry registry) {
    return start(config, registry, Clock.systemUTC());
  }

  /** With the clock that picks the caps report's current periods (the edge's, in the all-in-one tracker). */
  public static ApiApp start(ApiConfig config, PrometheusMeterRegistry registry, Clock clock) {
    ApiApp app = new ApiApp(config, registry, clock);
    app.catalog.start();
    app.capCounts.start();
    app.server.start();
    log.info("admin + report API listening on {}:{}", config.host(), config.port());
    return app;
  }

  public boolean isReady() {
    return catalog.isCaughtUp();
  }

  @Override
  public void close() {
    server.stop();
    keyUses.close();
    adjustments.close();
    writer.close();
    catalog.close();
    capCounts.close();
  }

  public static void main(String[] args) {
    ProcessMain.run("api", ApiConfig::load, ApiApp::start);
  }
}
