package io.tracker.clicks;

import io.tracker.platform.Http;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Map;

/** {@code GET /api/reports/clicks}: the whole app's report, as JSON or, for {@code Accept: text/csv}, CSV. */
final class ClickReportHandler implements HttpHandler {
  static final String PATH = "/api/reports/clicks";
  private static final String CSV = "text/csv";

  private final ClusterReports reports;

  ClickReportHandler(ClusterReports reports) {
    this.reports = reports;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ReportTable table = reports.read(ReportQuery.parse(exchange.getQueryParameters(), Instant.now()));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (accept != null && accept.contains(CSV)) {
      Http.sendText(exchange, 200, CSV, table.csv());
    } else {
      Http.sendJson(exchange, 200, Map.of("rows", table.rows()));
    }
  }
}
