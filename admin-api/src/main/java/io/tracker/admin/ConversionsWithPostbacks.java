package io.tracker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.tracker.platform.ReportPaths;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/reports/conversions}: attribution's rows, each with the postback calls of its conversion
 * ({@code postbacks: [{postbackId, affiliateId, status, attempts, lastHttpStatus, lastAttemptAt}]}), asked of the
 * postback service for exactly the conversion times the rows span. Attribution's fields are untouched; CSV is
 * attribution's own. When the postback service cannot answer, the rows come without their calls and the answer
 * says so ({@code postbacksUnavailable}) rather than showing a conversion without postbacks as if it had none.
 */
record ConversionsWithPostbacks(ReportForwarder apps, AppInstances attribution, AppInstances postbacks) {
  private static final List<String> CALL_FIELDS = List.of("postbackId", "affiliateId", "status", "attempts",
      "lastHttpStatus", "lastAttemptAt");

  void handle(HttpServerExchange exchange) throws IOException {
    String query = exchange.getQueryString();
    HttpResponse<byte[]> answer = apps.ask(attribution, "GET",
        ReportPaths.CONVERSIONS + (query.isEmpty() ? "" : "?" + query),
        exchange.getRequestHeaders().getFirst(Headers.ACCEPT), null);
    boolean json = answer.headers().firstValue("Content-Type").orElse("").startsWith(Http.JSON);
    if (answer.statusCode() != 200 || !json) {
      ReportForwarder.relay(exchange, answer);
      return;
    }
    ObjectNode report = (ObjectNode) Json.MAPPER.readTree(answer.body());
    JsonNode rows = report.path("rows");
    if (!rows.isEmpty()) {
      try {
        Map<String, ArrayNode> calls = callsOf(rows, exchange.getQueryParameters().get("affiliateId"));
        rows.forEach(row -> ((ObjectNode) row).set("postbacks",
            calls.getOrDefault(row.path("conversionId").asText(), Json.MAPPER.createArrayNode())));
      } catch (HttpErrors.Unavailable e) {
        report.put("postbacksUnavailable", e.getMessage());
      }
    }
    Http.sendJson(exchange, 200, report);
  }

  /** The calls of the rows' conversions by conversion id: one postback report over the times the rows span. */
  private Map<String, ArrayNode> callsOf(JsonNode rows, Deque<String> affiliate) throws IOException {
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    for (JsonNode row : rows) {
      Instant time = Instant.parse(row.path("time").asText());
      first = time.isBefore(first) ? time : first;
      last = time.isAfter(last) ? time : last;
    }
    String query = "?from=" + encode(first.toString()) + "&to=" + encode(last.plusMillis(1).toString())
        + (affiliate == null || affiliate.isEmpty() ? "" : "&affiliateId=" + encode(affiliate.getFirst()));
    HttpResponse<byte[]> answer = apps.ask(postbacks, "GET", ReportPaths.POSTBACKS + query, Http.JSON, null);
    if (answer.statusCode() != 200) {
      throw new HttpErrors.Unavailable("the postback service answered " + answer.statusCode());
    }
    Map<String, ArrayNode> calls = new HashMap<>();
    for (JsonNode call : Json.MAPPER.readTree(answer.body()).path("rows")) {
      ObjectNode shown = Json.MAPPER.createObjectNode();
      CALL_FIELDS.forEach(field -> shown.set(field, call.get(field)));
      calls.computeIfAbsent(call.path("conversionId").asText(), id -> Json.MAPPER.createArrayNode()).add(shown);
    }
    return calls;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
