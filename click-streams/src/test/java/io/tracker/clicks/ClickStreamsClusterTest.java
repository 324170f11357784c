package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tracker.events.Click;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.EmbeddedKafkaBroker;
import io.tracker.platform.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two click-streams instances of one app on a real broker, each holding one of the two click partitions:
 * either one answers the report of both, and a query during a rebalance is refused, never partial.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClickStreamsClusterTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  /** Yesterday 10:00 UTC: in the past (the broker refuses future timestamps) and a day with both hours. */
  private static final Instant FIRST_HOUR = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(14, ChronoUnit.HOURS);
  private static final Instant SECOND_HOUR = FIRST_HOUR.plus(1, ChronoUnit.HOURS);
  private static final String RANGE = "from=" + FIRST_HOUR + "&to=" + SECOND_HOUR.plus(1, ChronoUnit.HOURS);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static EmbeddedKafkaBroker broker;
  private static final List<ClickStreamsApp> instances = new ArrayList<>();
  private static final List<Integer> queryPorts = new ArrayList<>();

  @BeforeAll
  static void startBrokerAndTwoInstancesThenSendClicks() throws Exception {
    broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), FreePort.find(), FreePort.find(), Duration.ofSeconds(60));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      KafkaTopics.ensure(admin, 2, (short) 1);
    }
    for (String name : List.of("first", "second")) {
      int port = FreePort.find();
      queryPorts.add(port);
      instances.add(new ClickStreamsApp(ClickStreamsConfig.load(ConfigCheck.load(Map.of(
          "kafka.bootstrapServers", broker.bootstrapServers(),
          "clickStreams.applicationId", "click-streams-cluster-test",
          "clickStreams.queryPort", port,
          "clickStreams.stateDir", data.resolve(name).toString())))).start());
    }
    // the merge is only tested when each instance holds a partition of its own
    awaitTrue(() -> "both instances run with one click partition each", () -> instances.stream().allMatch(app ->
        app.isRunning() && app.streams().metadataForLocalThreads().stream()
            .anyMatch(thread -> !thread.activeTasks().isEmpty())));

    Set<Integer> partitionsWritten = new HashSet<>();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), AvroSerde.of(Click.class))) {
      for (Click click : clicks()) {
        partitionsWritten.add(producer.send(new ProducerRecord<>(Topics.CLICKS, null, click.getTime().toEpochMilli(),
            click.getVisitorId(), click)).get().partition());
      }
    }
    assertEquals(Set.of(0, 1), partitionsWritten, "random visitors land in both partitions");
  }

  @AfterAll
  static void stopAll() {
    instances.forEach(ClickStreamsApp::close);
    if (broker != null) {
      broker.close();
    }
  }

  /** Affiliate 1: 3 clicks in the first hour, 2 in the second; affiliate 2: 4 and 1, plus a test click. */
  private static List<Click> clicks() {
    List<Click> clicks = new ArrayList<>();
    addClicks(clicks, 1, FIRST_HOUR, 3, false);
    addClicks(clicks, 2, FIRST_HOUR, 4, false);
    addClicks(clicks, 1, SECOND_HOUR, 2, false);
    addClicks(clicks, 2, SECOND_HOUR, 1, false);
    addClicks(clicks, 2, SECOND_HOUR, 1, true);
    return clicks;
  }

  private static String expectedByAffiliateAndHour() {
    return "{\"rows\":[" + String.join(",",
        row("\"affiliateId\":1,\"hour\":\"" + FIRST_HOUR + "\"", 3),
        row("\"affiliateId\":1,\"hour\":\"" + SECOND_HOUR + "\"", 2),
        row("\"affiliateId\":2,\"hour\":\"" + FIRST_HOUR + "\"", 4),
        row("\"affiliateId\":2,\"hour\":\"" + SECOND_HOUR + "\"", 1)) + "]}";
  }

  @Test
  @Order(1)
  void eachInstanceAnswersTheCountsOfBothPartitions() {
    for (int port : queryPorts) {
      awaitAnswer(port, RANGE + "&groupBy=affiliate,hour", expectedByAffiliateAndHour());
      awaitAnswer(port, RANGE + "&test=true", "{\"rows\":[" + row(null, 11) + "]}");
    }
  }

  @Test
  @Order(2)
  void answersCsvWhenAskedFor() throws Exception {
    awaitAnswer(queryPorts.get(0), RANGE + "&groupBy=affiliate,hour", expectedByAffiliateAndHour());
    HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(uri(queryPorts.get(1),
        "/api/reports/clicks?" + RANGE + "&groupBy=day&affiliateId=2")).header("Accept", "text/csv").build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, csv.statusCode());
    assertEquals("day,clicks,totalClicks,conversions,revenue,payout,conversionRate,epc\n"
        + FIRST_HOUR.truncatedTo(ChronoUnit.DAYS) + ",5,5,0,0,0,0,0\n", csv.body());
  }

  @Test
  @Order(3)
  void refusesBadInputWithAReasonAndAnswersHealthAndReadiness() {
    HttpResponse<String> bad = get(queryPorts.get(0), "/api/reports/clicks?groupBy=browser");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("{\"error\":\"cannot group by 'browser'"), bad.body());
    assertEquals(400, get(queryPorts.get(0), "/api/reports/clicks?from=2026-02-01T00:00:00Z&to=2025-01-01T00:00:00Z")
        .statusCode());
    assertEquals(404, get(queryPorts.get(0), "/api/nothing").statusCode());
    HttpResponse<String> notHeld = get(queryPorts.get(0), ClusterReports.INTERNAL_PATH + "?" + RANGE + "&partitions=0,1");
    assertEquals(503, notHeld.statusCode(), "an instance holds one partition and answers for none it does not hold");
    assertEquals("1", notHeld.headers().firstValue("Retry-After").orElse(""));
    assertEquals(200, get(queryPorts.get(1), "/healthz").statusCode());
    assertEquals(200, get(queryPorts.get(1), "/readyz").statusCode());
  }

  @Test
  @Order(4)
  void whileAnInstanceLeavesEveryAnswerIsCompleteOrARetry() {
    instances.get(1).close();
    int port = queryPorts.get(0);
    awaitTrue(() -> "the remaining instance takes both partitions over", () -> {
      HttpResponse<String> answer = get(port, "/api/reports/clicks?" + RANGE + "&groupBy=affiliate,hour");
      if (answer.statusCode() == 200) {
        assertEquals(expectedByAffiliateAndHour(), answer.body(), "a 200 is never a partial sum");
        return true;
      }
      assertEquals(503, answer.statusCode(), answer.body());
      assertEquals("1", answer.headers().firstValue("Retry-After").orElse(""));
      assertTrue(answer.body().contains("\"retryAfterSeconds\":1"), answer.body());
      return false;
    });
    assertEquals(2, instances.get(0).streams().metadataForLocalThreads().stream()
        .mapToInt(thread -> thread.activeTasks().size()).sum(), "the remaining instance holds both partitions");
  }

  private static void addClicks(List<Click> clicks, long affiliateId, Instant hour, int count, boolean test) {
    for (int i = 0; i < count; i++) {
      Instant time = hour.plusSeconds(60L * (clicks.size() + 1));
      String visitor = VisitorId.random();
      clicks.add(Click.newBuilder()
          .setClickId(ClickId.create(time.toEpochMilli(), visitor, false))
          .setVisitorId(visitor)
          .setTime(time)
          .setAffiliateId(affiliateId)
          .setCreativeId(9)
          .setOfferId(7L)
          .setTest(test)
          .build());
    }
  }

  private static String row(String dimensions, long clicks) {
    return "{" + (dimensions == null ? "" : dimensions + ",") + "\"clicks\":" + clicks + ",\"totalClicks\":" + clicks
        + ",\"conversions\":0,\"revenue\":0,\"payout\":0,\"conversionRate\":0,\"epc\":0}";
  }

  private static void awaitAnswer(int port, String query, String expected) {
    String[] last = {""};
    awaitTrue(() -> "instance on " + port + " answers " + expected + " to " + query + "; last answer: " + last[0], () -> {
      HttpResponse<String> answer = get(port, "/api/reports/clicks?" + query);
      last[0] = answer.statusCode() + " " + answer.body();
      return answer.statusCode() == 200 && answer.body().equals(expected);
    });
  }

  private static void awaitTrue(Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + WITHIN + ": " + what.get());
      }
      try {
        Thread.sleep(100); // poll interval between two checks of the condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for: " + what.get());
      }
    }
  }

  private static HttpResponse<String> get(int port, String pathAndQuery) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri(port, pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + pathAndQuery + " on " + port + " failed", e);
    }
  }

  private static URI uri(int port, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }
}
