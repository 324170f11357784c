package io.tracker.postbacks;

import static io.tracker.postbacks.Conversions.attributed;
import static io.tracker.postbacks.Conversions.postback;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.embedded.FreePort;
import io.tracker.events.AttributedConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postback service in a JVM of its own, killed (SIGKILL) by the receiver itself while a call is in flight (the
 * call made, its answer and record never come), then started again on the same state: the call is made again and
 * delivered, a call waiting for its retry is retried at its time, and once their 2xx are recorded, another kill and
 * restart sends neither again.
 */
class PostbackRestartTest {
  private static final String KEY = "restart-test-internal-key";
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final long AFFILIATE = 1;

  @TempDir static Path data;
  static TestKafka kafka;
  static final int queryPort = FreePort.find();
  static final AtomicReference<Process> running = new AtomicReference<>();

  @BeforeAll
  static void startBroker() {
    kafka = TestKafka.start(data.resolve("kafka"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Process process = running.get();
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
    kafka.close();
  }

  @Test
  void aCallInFlightWhenTheProcessIsKilledIsMadeAgainAndADeliveredOneNever() throws Exception {
    AtomicReference<String> killOn = new AtomicReference<>();
    try (Receiver server = Receiver.start((nth, exchange) -> {
      String query = exchange.getRequestURI().getRawQuery();
      if (query.equals(killOn.get())) {
        killOn.set(null);
        running.get().destroyForcibly().waitFor(); // SIGKILL between the call and its record
        return 200;
      }
      return query.startsWith("lead=retried") && nth == 1 ? 503 : 200;
    })) {
      kafka.save(postback(1, AFFILIATE, null, null, server.url("/pb?lead=#tid#")));
      ReportClient report = new ReportClient(queryPort, KEY);
      start("first");

      // a call that fails first: its retry (5 to 10 s later) is due after the restart, from the schedule in Kafka
      kafka.send(conversion("retried"));
      report.awaitRows("", WITHIN, rows -> rows.size() == 1 && rows.get(0).get("attempts").asInt() == 1);
      // a call whose receiver kills the process before answering
      killOn.set("lead=killed");
      kafka.send(conversion("killed"));
      await().atMost(WITHIN).until(() -> !running.get().isAlive());
      assertEquals(List.of("lead=retried", "lead=killed"), queries(server));

      start("second");
      List<JsonNode> rows = report.awaitRows("", WITHIN, found -> found.size() == 2
          && found.stream().allMatch(row -> row.get("status").asText().equals("DELIVERED")));
      List<String> sent = queries(server);
      assertEquals(List.of("lead=retried", "lead=killed"), sent.subList(0, 2), "before the kill");
      assertEquals(Map.of("lead=retried", 2L, "lead=killed", 2L),
          sent.stream().collect(Collectors.groupingBy(query -> query, Collectors.counting())), "each again once");
      for (JsonNode row : rows) {
        assertEquals(row.get("url").asText().endsWith("lead=killed") ? 1 : 2, row.get("attempts").asInt(),
            "the killed attempt was never recorded: " + row);
      }

      running.get().destroyForcibly().waitFor();
      start("third");
      report.awaitRows("", WITHIN, found -> found.size() == 2);
      // the third process reads its pending partitions and has nothing to send: nothing may come for a while
      await("no call is sent again").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
          .until(() -> server.count() == 4);
    }
  }

  /** The queries in the order the receiver got them. */
  private static List<String> queries(Receiver server) {
    return server.requests().stream().map(Receiver.Request::query).toList();
  }

  private static AttributedConversion conversion(String transactionId) {
    return attributed(Instant.now().truncatedTo(ChronoUnit.MILLIS), null, transactionId,
        new Conversions.Share(AFFILIATE, null, 1_000_000)).build();
  }

  /** The app's own entry point in a new JVM on this test's classpath; its output goes to target/ for a look. */
  private static void start(String name) throws IOException {
    Path log = Path.of("target", "postback-restart-test-" + name + ".log");
    Files.deleteIfExists(log);
    running.set(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dkafka.bootstrapServers=" + kafka.bootstrapServers(),
        "-Dinternal.key=" + KEY,
        "-Dpostbacks.queryPort=" + queryPort,
        "-Dpostbacks.stateDir=" + data.resolve("postbacks-state"),
        "-Dpostbacks.standbyReplicas=0",
        "-Dpostbacks.firstRetryDelay=10s",
        "-Dpostbacks.longestRetryDelay=10s",
        "-DpostbackTargets.allowedNetworks=127.0.0.1/32",
        PostbackApp.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start());
  }
}
