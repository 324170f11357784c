package io.tracker.attribution;

import static io.tracker.attribution.TestEvents.click;
import static io.tracker.attribution.TestEvents.conversion;
import static io.tracker.attribution.TestEvents.visitor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Conversion;
import io.tracker.events.JudgedClick;
import io.tracker.embedded.FreePort;
import io.tracker.platform.Json;
import io.tracker.platform.ReportPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribution process, in a JVM of its own, killed (SIGKILL) in the middle of a stream of conversions and
 * started again on the same state folder and application id: every conversion is published exactly once, as a
 * read_committed consumer sees it, and the conversions report has each one once.
 */
class AttributionRestartTest {
  private static final String KEY = "restart-test-internal-key";
  private static final Duration WITHIN = Duration.ofSeconds(60);
  /** In the past: the broker refuses timestamps too far ahead. */
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
  private static final int CONVERSIONS = 300;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static TestBroker kafka;
  private static final int queryPort = FreePort.find();

  @BeforeAll
  static void startBroker() {
    kafka = TestBroker.start(data.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /**
   * Conversion i names its visitor's click, except: every 10th has no click (held, then unattributed once the
   * grace is over), every 5th carries a transaction id that a conversion of another visitor repeats (a
   * duplicate), and every 7th is sent twice (the edge's re-send after a restart of its own).
   */
  private static List<Conversion> stream(List<JudgedClick> clicks) {
    List<Conversion> stream = new ArrayList<>();
    for (int i = 0; i < CONVERSIONS; i++) {
      JudgedClick click = clicks.get(i);
      Instant time = Instant.ofEpochMilli(click.getTime()).plus(Duration.ofMinutes(30));
      Conversion.Builder conversion = i % 10 == 0 ? conversion(visitor(), time)
          : conversion(TestEvents.visitorOf(click), time).setClickId(click.getClickId());
      if (i % 5 == 1) {
        conversion.setTransactionId("order-" + i);
        stream.add(conversion.build());
        conversion = conversion(visitor(), time.plusMillis(50)).setTransactionId("order-" + i);
      }
      stream.add(conversion.build());
      if (i % 7 == 3) {
        stream.add(conversion.build());
      }
    }
    return stream;
  }

  @Test
  void aKilledInstanceRestartedOnItsStatePublishesEveryConversionExactlyOnce() throws Exception {
    List<JudgedClick> clicks = new ArrayList<>();
    for (int i = 0; i < CONVERSIONS; i++) {
      clicks.add(click(visitor(), START.plusMillis(100L * i)));
    }
    clicks.forEach(kafka::send);
    kafka.flush();
    List<Conversion> stream = stream(clicks);
    Set<String> expected = stream.stream().map(Conversion::getConversionId).collect(Collectors.toSet());

    Process first = startAttributionProcess("first");
    try {
      // half the stream while the first process runs: it is killed while it works through them
      stream.subList(0, stream.size() / 2).forEach(kafka::send);
      kafka.flush();
      await().atMost(WITHIN).until(() -> kafka.attributed().size() >= expected.size() / 5);
    } finally {
      first.destroyForcibly().waitFor(); // also when the wait fails: no process outlives the test
    }
    int publishedBeforeTheKill = kafka.attributed().size();
    assertTrue(publishedBeforeTheKill < expected.size() / 2, "killed mid-stream: " + publishedBeforeTheKill);
    // the other half while no process runs
    stream.subList(stream.size() / 2, stream.size()).forEach(kafka::send);
    kafka.flush();

    Process second = startAttributionProcess("second");
    try {
      await().atMost(WITHIN).until(() -> kafka.attributed().size() >= expected.size());
      List<String> published = kafka.attributed().stream().map(a -> a.getConversion().getConversionId()).toList();
      assertEquals(expected, new HashSet<>(published), "none lost");
      assertEquals(expected.size(), published.size(), "none published twice");

      // of the two conversions of a transaction id, whichever was read first counts and the other is a duplicate
      Map<String, List<AttributionStatus>> byTransaction = kafka.attributed().stream()
          .filter(a -> a.getConversion().getTransactionId() != null)
          .collect(Collectors.groupingBy(a -> a.getConversion().getTransactionId(),
              Collectors.mapping(AttributedConversion::getStatus, Collectors.toList())));
      assertEquals(60, byTransaction.size());
      byTransaction.forEach((transaction, statuses) -> assertEquals(1,
          statuses.stream().filter(status -> status == AttributionStatus.DUPLICATE).count(), transaction + statuses));
      Map<AttributionStatus, Long> withoutTransaction = kafka.attributed().stream()
          .filter(a -> a.getConversion().getTransactionId() == null)
          .collect(Collectors.groupingBy(AttributedConversion::getStatus, Collectors.counting()));
      assertEquals(Map.of(AttributionStatus.UNATTRIBUTED, 30L, AttributionStatus.ATTRIBUTED, 210L), withoutTransaction);

      JsonNode rows = report();
      assertEquals(expected, toSet(rows, row -> row.get("conversionId").asText()), "the report has each one");
      assertEquals(expected.size(), rows.size());
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  /** The conversions report of the restarted process, over HTTP, once it answers (503 while it rebalances). */
  private static JsonNode report() {
    String range = "from=" + START + "&to=" + START.plus(Duration.ofHours(2));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
        + ReportPaths.CONVERSIONS + "?" + range)).header("Authorization", "Bearer " + KEY).build();
    List<JsonNode> answer = new ArrayList<>();
    await().atMost(WITHIN).until(() -> {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        answer.add(Json.MAPPER.readTree(response.body()).get("rows"));
      }
      return !answer.isEmpty();
    });
    return answer.get(0);
  }

  private static Set<String> toSet(JsonNode rows, Function<JsonNode, String> field) {
    Set<String> values = new HashSet<>();
    rows.forEach(row -> values.add(field.apply(row)));
    return values;
  }

  /** The app's own entry point in a new JVM on this test's classpath; its output goes to target/ for a look. */
  private static Process startAttributionProcess(String name) throws IOException {
    Path log = Path.of("target", "attribution-restart-test-" + name + ".log");
    Files.deleteIfExists(log);
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dkafka.bootstrapServers=" + kafka.bootstrapServers(),
        "-Dinternal.key=" + KEY,
        "-Dattribution.applicationId=attribution-restart-test",
        "-Dattribution.queryPort=" + queryPort,
        "-Dattribution.stateDir=" + data.resolve("attribution-state"),
        "-Dattribution.grace=2s",
        AttributionApp.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
