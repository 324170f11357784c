package io.tracker.launcher;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Waits for the click report to show a row, and says what it showed when it does not. */
public final class ReportWatcher {
  private final TrackerClient client;

  ReportWatcher(TrackerClient client) {
    this.client = client;
  }

  /** from and to around a test's traffic, as the report API takes them: the last hour to the end of the next. */
  public static String aroundNow() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    return "from=" + URLEncoder.encode(hour.minus(Duration.ofHours(1)).toString(), StandardCharsets.UTF_8)
        + "&to=" + URLEncoder.encode(hour.plus(Duration.ofHours(2)).toString(), StandardCharsets.UTF_8);
  }

  /** The single row of the query (over the hours around now) once it satisfies the condition. */
  JsonNode awaitRow(String query, Predicate<JsonNode> condition, Duration within) {
    String path = "/api/reports/clicks?" + aroundNow() + "&" + query;
    AtomicReference<TrackerClient.Answer> last = new AtomicReference<>();
    try {
      await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
        last.set(client.api("GET", path, null));
        return last.get().status() == 200 && last.get().json().get("rows").size() == 1
            && condition.test(last.get().json().get("rows").get(0));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("report row never matched for " + query + "; last answer: " + last.get().status()
          + " " + last.get().body(), e);
    }
    return last.get().json().get("rows").get(0);
  }

  void awaitTotalClicks(long affiliate, long expected, Duration within) {
    awaitRow("groupBy=affiliate&affiliateId=" + affiliate, row -> row.get("totalClicks").asLong() == expected, within);
  }

  /** The rows of any report path (its query included) once it answers 200 and they satisfy the condition. */
  List<JsonNode> awaitRows(String path, Predicate<List<JsonNode>> condition, Duration within) {
    AtomicReference<TrackerClient.Answer> last = new AtomicReference<>();
    List<JsonNode> rows = new ArrayList<>();
    try {
      await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
        last.set(client.api("GET", path, null));
        if (last.get().status() != 200) {
          return false;
        }
        rows.clear();
        last.get().json().get("rows").forEach(rows::add);
        return condition.test(rows);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(path + " never matched; last answer: " + last.get().status() + " " + last.get().body(),
          e);
    }
    return rows;
  }
}
