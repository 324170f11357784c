package io.tracker.clicks;

import io.tracker.platform.Http;
import io.tracker.platform.cluster.ClusterQueries;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Map;

/** {@code GET /api/reports/clicks}: the whole app's report, as JSON or, for {@code Accept: text/csv}, CSV. */
final class ClickReportHandler implements HttpHandler {
  private static final String CSV = "text/csv";

  private final ClusterQueries<LocalReports> cluster;

  ClickReportHandler(ClusterQueries<LocalReports> cluster) {
    this.cluster = cluster;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ReportQuery query = ReportQuery.parse(exchange.getQueryParameters(), Instant.now());
    ReportTable table = new ReportTable(query);
    table.addPartial(cluster.gather(query));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (accept != null && accept.contains(CSV)) {
      Http.sendText(exchange, 200, CSV, table.csv());
    } else {
      Http.sendJson(exchange, 200, Map.of("rows", table.rows()));
    }
  }
}
