package io.tracker.clicks;

import io.tracker.platform.Http;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what a query handler throws into a short JSON answer: 400 for the request, 503 for a retry. */
final class ReportErrors implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ReportErrors.class);

  private final HttpHandler next;

  ReportErrors(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (ReportQuery.InvalidQuery e) {
      Http.sendError(exchange, 400, e.getMessage());
    } catch (ReportUnavailable e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, ReportUnavailable.RETRY_AFTER_SECONDS);
      Http.sendJson(exchange, 503, Map.of("error", e.getMessage(),
          "retryAfterSeconds", ReportUnavailable.RETRY_AFTER_SECONDS));
    } catch (Exception e) {
      log.error("query failed", e);
      Http.sendError(exchange, 500, "internal error");
    }
  }
}
