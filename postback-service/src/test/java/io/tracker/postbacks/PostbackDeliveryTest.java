package io.tracker.postbacks;

import static io.tracker.postbacks.Conversions.attributed;
import static io.tracker.postbacks.Conversions.postback;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.catalog.Postback;
import io.tracker.embedded.FreePort;
import io.tracker.events.AttributedConversion;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postback service against a real broker and real HTTP receivers on this machine: calls fire once per credit
 * with their tokens, a failed call is retried until it delivers and then never again, a receiver that never answers
 * is given up on at the end of the (shortened) retry horizon without holding up another affiliate, and a target in
 * our own network is refused when the call would be made.
 */
class PostbackDeliveryTest {
  private static final String KEY = "delivery-test-internal-key";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration HORIZON = Duration.ofSeconds(5);
  private static final int PER_HOST = 2;
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir static Path data;
  static TestKafka kafka;
  static PostbackApp app;
  static ReportClient report;
  static PrometheusMeterRegistry metrics = Metrics.newRegistry();
  static final AtomicInteger ids = new AtomicInteger(100);

  @BeforeAll
  static void startBrokerAndService() {
    kafka = TestKafka.start(data.resolve("kafka"));
    int queryPort = FreePort.find();
    Map<String, Object> settings = new HashMap<>(Map.of(
        "kafka.bootstrapServers", kafka.bootstrapServers(),
        "internal.key", KEY,
        "postbacks.queryPort", queryPort,
        "postbacks.stateDir", data.resolve("state").toString(),
        "postbacks.standbyReplicas", 0,
        "postbacks.requestTimeout", REQUEST_TIMEOUT.toMillis() + "ms",
        "postbacks.firstRetryDelay", "200ms",
        "postbacks.longestRetryDelay", "1s",
        "postbacks.retryHorizon", HORIZON.toSeconds() + "s",
        "postbacks.perHostConcurrency", PER_HOST));
    settings.put("postbackTargets.allowedNetworks", "127.0.0.1/32");
    app = PostbackApp.start(PostbackConfig.load(ConfigCheck.load(settings)), metrics);
    report = new ReportClient(queryPort, KEY);
    await().atMost(WITHIN).until(app::isRunning);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A new affiliate id for each test, so that each test's calls are its own. */
  static long newAffiliate() {
    return ids.incrementAndGet();
  }

  /** Saves the postback and waits until the service decides with it. */
  static Postback saved(long id, long affiliate, String url) {
    Postback postback = postback(id, affiliate, null, null, url);
    kafka.save(postback);
    await().atMost(WITHIN).until(() -> app.catalog().postback(id) != null);
    return postback;
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static List<JsonNode> rowsOf(long affiliate, java.util.function.Predicate<List<JsonNode>> condition) {
    return report.awaitRows("affiliateId=" + affiliate, WITHIN, condition);
  }

  @Test
  void aLinearConversionFiresOncePerCreditWithItsOwnShareAndTokensUrlEncoded() throws Exception {
    long north = newAffiliate();
    long south = newAffiliate();
    try (Receiver northServer = Receiver.answering(200); Receiver southServer = Receiver.answering(204)) {
      saved(north, north, northServer.url("/pb?lead=#leadid#&click=#reqid#&price=#price#&t=#tid#&o=#oid#&a=#affid#"
          + "&c=#campid#&s1=#s1#&e=#e#&ts=#utcunixtime#"));
      saved(south, south, southServer.url("/postback?lead={conversion_id}&payout={payout}&t={transaction_id}"
          + "&sub1={sub1}&event={event_id}&time={timestamp}"));
      AttributedConversion decision = attributed(now(), "sale", "order 1/é&x",
          new Conversions.Share(north, "news feed", 1_500_000), new Conversions.Share(south, null, 1_000_000)).build();
      kafka.send(decision);

      String conversionId = decision.getConversion().getConversionId();
      long seconds = decision.getConversion().getTime().getEpochSecond();
      await().atMost(WITHIN).until(() -> northServer.count() == 1 && southServer.count() == 1);
      assertEquals("lead=" + conversionId + "&click=" + decision.getCredits().get(0).getClickId()
          + "&price=1.5&t=order%201%2F%C3%A9%26x&o=10&a=" + north + "&c=" + (100 + north) + "&s1=news%20feed&e=sale&ts="
          + seconds, northServer.requests().get(0).query());
      assertEquals("lead=" + conversionId + "&payout=1&t=order%201%2F%C3%A9%26x&sub1=&event=sale&time=" + seconds,
          southServer.requests().get(0).query());

      List<JsonNode> rows = rowsOf(north, found -> found.size() == 1
          && found.get(0).get("status").asText().equals("DELIVERED"));
      assertEquals(conversionId, rows.get(0).get("conversionId").asText());
      assertEquals(1, rows.get(0).get("attempts").asInt());
      assertEquals(200, rows.get(0).get("lastHttpStatus").asInt());
      assertEquals(northServer.url("/pb?" + northServer.requests().get(0).query()), rows.get(0).get("url").asText());
      rowsOf(south, found -> found.size() == 1 && found.get(0).get("status").asText().equals("DELIVERED")
          && found.get(0).get("lastHttpStatus").asInt() == 204);
      await("no second call").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> northServer.count() == 1 && southServer.count() == 1);
    }
  }

  @Test
  void aReceiverThatFailsFirstGetsExactlyOneSuccessfulCallAfterTheRetry() throws Exception {
    long affiliate = newAffiliate();
    try (Receiver server = Receiver.start((nth, exchange) -> nth == 1 ? 500 : 200)) {
      saved(affiliate, affiliate, server.url("/pb?lead=#leadid#&secret_key=s3cr3t"));
      kafka.send(attributed(now(), null, null, new Conversions.Share(affiliate, null, 2_000_000)).build());

      List<JsonNode> rows = rowsOf(affiliate, found -> found.size() == 1
          && found.get(0).get("status").asText().equals("DELIVERED"));
      assertEquals(2, rows.get(0).get("attempts").asInt());
      assertEquals(200, rows.get(0).get("lastHttpStatus").asInt());
      assertTrue(rows.get(0).get("url").asText().endsWith("&secret_key=***"), "secrets masked: " + rows.get(0));
      assertEquals(2, server.count());
      assertEquals(server.requests().get(0).query(), server.requests().get(1).query(), "the retry sends the same URL");
      await("no call after the 2xx").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> server.count() == 2);
      assertTrue(metrics.scrape().contains("postback_calls_total{outcome=\"retry\"}"), "attempts counted by outcome");
      assertTrue(metrics.scrape().contains("postback_delivery_latency_seconds_bucket"), "latency histogram");
    }
  }

  @Test
  void aReceiverThatNeverAnswersIsRetriedThenFailedWithoutHoldingUpAnotherAffiliate() throws Exception {
    long dead = newAffiliate();
    long alive = newAffiliate();
    // enough calls that one round of first attempts, PER_HOST at a time, takes the dead server's lane 8 timeouts
    int deadCalls = 8 * PER_HOST;
    try (Receiver deadServer = Receiver.start((nth, exchange) -> Receiver.NEVER)) {
      AtomicInteger deadCallsTriedBeforeAlive = new AtomicInteger(-1);
      try (Receiver aliveServer = Receiver.start((nth, exchange) -> {
        deadCallsTriedBeforeAlive.set(leads(deadServer).size());
        return 200;
      })) {
        saved(dead, dead, deadServer.url("/pb?lead=#leadid#"));
        saved(alive, alive, aliveServer.url("/pb?lead=#leadid#"));
        for (int i = 0; i < deadCalls; i++) {
          kafka.send(attributed(now(), null, null, new Conversions.Share(dead, null, 1_000_000)).build());
        }
        rowsOf(dead, found -> found.size() == deadCalls);
        await().atMost(WITHIN).until(() -> deadServer.count() >= PER_HOST);
        kafka.send(attributed(now(), null, null, new Conversions.Share(alive, null, 1_000_000)).build());

        rowsOf(alive, found -> found.size() == 1 && found.get(0).get("status").asText().equals("DELIVERED"));
        assertTrue(deadCallsTriedBeforeAlive.get() < deadCalls, "the other affiliate's call waited for the dead "
            + "server's calls: " + deadCallsTriedBeforeAlive.get() + " of " + deadCalls + " had been tried before it");

        List<JsonNode> failed = report.awaitRows("affiliateId=" + dead, Duration.ofSeconds(90), found ->
            found.size() == deadCalls && found.stream().allMatch(row -> row.get("status").asText().equals("FAILED")));
        for (JsonNode row : failed) {
          assertTrue(row.get("attempts").asInt() >= 2, "retried before giving up: " + row);
          assertEquals("no answer within " + REQUEST_TIMEOUT.toMillis() + " ms", row.get("lastError").asText());
          assertTrue(row.get("lastHttpStatus").isNull());
        }
        assertEquals(failed.stream().mapToInt(row -> row.get("attempts").asInt()).sum(), deadServer.count(),
            "every attempt reached the server");
        assertTrue(metrics.scrape().contains("postback_calls_total{outcome=\"failed\"}"), metrics.scrape());
      }
    }
  }

  /** The distinct lead ids a receiver was called with. */
  private static Set<String> leads(Receiver server) {
    return server.requests().stream().map(Receiver.Request::query).collect(Collectors.toSet());
  }

  @Test
  void aTargetInOurOwnNetworkIsRefusedWhenTheCallWouldBeMade() throws Exception {
    long affiliate = newAffiliate();
    try (Receiver server = Receiver.startOnEveryAddress((nth, exchange) -> 200)) {
      // saved straight to the catalog (the API would refuse it): 127.0.0.2 is loopback, and only 127.0.0.1 is allowed
      saved(affiliate, affiliate, "http://127.0.0.2:" + server.port() + "/pb?lead=#leadid#");
      kafka.send(attributed(now(), null, null, new Conversions.Share(affiliate, null, 1_000_000)).build());

      List<JsonNode> rows = rowsOf(affiliate, found -> found.size() == 1
          && found.get(0).get("status").asText().equals("FAILED"));
      assertEquals("refused: 127.0.0.2 is a loopback address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list",
          rows.get(0).get("lastError").asText());
      assertEquals(0, server.count(), "nothing was sent");
    }
  }

  @Test
  void aTestCallGoesOutNowThroughTheSameRules() throws Exception {
    try (Receiver server = Receiver.answering(202)) {
      JsonNode answer = report.testCall("{\"affiliateId\":7,\"url\":\"" + server.url("/pb?lead=#leadid#&a={affiliate_id}&key=k1") + "\"}");
      assertTrue(answer.get("delivered").asBoolean(), answer.toString());
      assertEquals(202, answer.get("httpStatus").asInt());
      assertEquals("answer 1", answer.get("bodyExcerpt").asText());
      assertTrue(answer.get("url").asText().contains("&a=7&key=***"), answer.toString());
      assertTrue(server.requests().get(0).query().startsWith("lead=test-"), server.requests().get(0).query());
    }
    JsonNode refused = report.testCall("{\"affiliateId\":7,\"url\":\"http://10.1.2.3/pb\"}");
    assertFalse(refused.get("delivered").asBoolean());
    assertNull(refused.get("httpStatus").textValue());
    assertEquals("refused: 10.1.2.3 is a private address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list",
        refused.get("error").asText());
  }
}
