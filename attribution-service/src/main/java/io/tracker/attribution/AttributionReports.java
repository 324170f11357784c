package io.tracker.attribution;

import io.tracker.platform.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Map;

/**
 * The attribution reports of the API, from the attribution app's stores across its instances:
 * {@code GET /api/reports/conversions} (JSON, or CSV for {@code Accept: text/csv}) and
 * {@code GET /api/reports/attribution-compare}.
 */
final class AttributionReports {
  private static final String CSV = "text/csv";

  private final ClusterQuery cluster;

  AttributionReports(ClusterQuery cluster) {
    this.cluster = cluster;
  }

  void addTo(RoutingHandler routes) {
    routes.get("/api/reports/" + ConversionQuery.NAME, this::conversions);
    routes.get("/api/reports/" + CompareQuery.NAME, this::compare);
  }

  private void conversions(HttpServerExchange exchange) {
    ConversionRows rows = cluster.gather(ConversionQuery.parse(exchange.getQueryParameters(), Instant.now()));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (accept != null && accept.contains(CSV)) {
      Http.sendText(exchange, 200, CSV, rows.csv());
    } else {
      Http.sendJson(exchange, 200, Map.of("rows", rows.rows()));
    }
  }

  private void compare(HttpServerExchange exchange) {
    CompareQuery query = CompareQuery.parse(exchange.getQueryParameters(), Instant.now());
    Http.sendJson(exchange, 200, query.table(cluster.gather(query)));
  }
}
