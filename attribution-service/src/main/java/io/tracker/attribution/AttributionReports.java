package io.tracker.attribution;

import io.tracker.platform.Http;
import io.tracker.platform.ReportPaths;
import io.tracker.platform.cluster.ClusterQueries;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Map;

/**
 * The attribution reports, from the decisions of every attribution instance: {@code GET /api/reports/conversions}
 * (JSON, or CSV for {@code Accept: text/csv}) and {@code GET /api/reports/attribution-compare}.
 */
final class AttributionReports {
  private static final String CSV = "text/csv";

  private final ClusterQueries<LocalDecisions> cluster;

  AttributionReports(ClusterQueries<LocalDecisions> cluster) {
    this.cluster = cluster;
  }

  void addTo(RoutingHandler routes) {
    routes.get(ReportPaths.CONVERSIONS, this::conversions);
    routes.get(ReportPaths.ATTRIBUTION_COMPARE, this::compare);
    cluster.addInternalRoute(routes, ConversionQuery.NAME, parameters -> ConversionQuery.parse(parameters, Instant.now()));
    cluster.addInternalRoute(routes, CompareQuery.NAME, parameters -> CompareQuery.parse(parameters, Instant.now()));
  }

  private void conversions(HttpServerExchange exchange) {
    ConversionQuery query = ConversionQuery.parse(exchange.getQueryParameters(), Instant.now());
    ConversionRows rows = cluster.gather(query);
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (accept != null && accept.contains(CSV)) {
      Http.sendText(exchange, 200, CSV, rows.csv(query.affiliateView()));
    } else {
      Http.sendJson(exchange, 200, Map.of("rows", rows.rows()));
    }
  }

  private void compare(HttpServerExchange exchange) {
    CompareQuery query = CompareQuery.parse(exchange.getQueryParameters(), Instant.now());
    Http.sendJson(exchange, 200, query.table(cluster.gather(query)));
  }
}
