package io.tracker.postbacks;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.platform.Json;
import io.tracker.platform.ReportPaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Asks a postback service's query port for its report (and test calls), with the internal key. */
final class ReportClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;

  ReportClient(int queryPort, String key) {
    this.base = "http://127.0.0.1:" + queryPort;
    this.key = key;
  }

  /** The report's rows for conversions around now, once it answers and they satisfy the condition (up to a bound). */
  List<JsonNode> awaitRows(String filters, Duration within, Predicate<List<JsonNode>> condition) {
    Instant now = Instant.now();
    String query = "?from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofHours(1))
        + (filters.isEmpty() ? "" : "&" + filters);
    AtomicReference<String> last = new AtomicReference<>("no answer");
    List<JsonNode> rows = new ArrayList<>();
    try {
      await().atMost(within).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + ReportPaths.POSTBACKS + query))
            .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        last.set(answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 200) {
          return false;
        }
        rows.clear();
        Json.MAPPER.readTree(answer.body()).get("rows").forEach(rows::add);
        return condition.test(rows);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the postback report never matched; last answer: " + last.get(), e);
    }
    return rows;
  }

  JsonNode testCall(String json) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + ReportPaths.POSTBACK_TEST))
        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError("test call answered " + answer.statusCode() + ": " + answer.body());
    }
    return Json.MAPPER.readTree(answer.body());
  }
}
