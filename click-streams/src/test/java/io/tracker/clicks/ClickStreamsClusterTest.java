package io.tracker.clicks;

import static io.tracker.clicks.ClickReportTopologyTest.attributed;
import static io.tracker.clicks.TestClicks.click;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.platform.ConfigCheck;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Metrics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two click-streams instances of one app on a real broker with two partitions per topic: a known mix of
 * unique, repeat, duplicate and bot clicks plus attributed conversions; either instance answers the exact
 * report of both, finds any click, and refuses a query during a rebalance rather than answer it partially.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClickStreamsClusterTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  /** Yesterday 10:00 UTC: in the past (the broker refuses future timestamps) and a day with both hours. */
  private static final Instant CLICK_HOUR = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(14, ChronoUnit.HOURS);
  private static final Instant CONVERSION_HOUR = CLICK_HOUR.plus(1, ChronoUnit.HOURS);
  private static final String RANGE = "from=" + CLICK_HOUR + "&to=" + CONVERSION_HOUR.plus(1, ChronoUnit.HOURS);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The key that test/resources/application.conf gives the query ports. */
  private static final String INTERNAL_KEY = "test-internal-key";

  @TempDir static Path data;
  private static EmbeddedKafkaBroker broker;
  private static KafkaProducer<String, byte[]> producer;
  private static final List<ClickStreamsApp> instances = new ArrayList<>();
  private static final List<Integer> queryPorts = new ArrayList<>();
  /** One click of each disposition, to look up. */
  private static final Map<Disposition, String> clickIds = new EnumMap<>(Disposition.class);

  @BeforeAll
  static void startBrokerAndTwoInstancesThenSendClicksAndConversions() throws Exception {
    broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), FreePort.find(), FreePort.find(), Duration.ofSeconds(60));
    KafkaTopics.ensureOnOneBroker(broker.bootstrapServers(), 2);
    for (String name : List.of("first", "second")) {
      int port = FreePort.find();
      queryPorts.add(port);
      instances.add(ClickStreamsApp.start(ClickStreamsConfig.load(ConfigCheck.load(Map.of(
          "kafka.bootstrapServers", broker.bootstrapServers(),
          "clickStreams.applicationId", "click-streams-cluster-test",
          "clickStreams.queryPort", port,
          "clickStreams.stateDir", data.resolve(name).toString()))), Metrics.newRegistry()));
    }
    // the merge is only tested when each instance holds a report partition of its own
    await("both instances run with one report partition each").atMost(WITHIN).until(() -> instances.stream()
        .allMatch(app -> app.isRunning() && app.streams().metadataForLocalThreads().stream()
            .anyMatch(thread -> thread.activeTasks().stream().anyMatch(task -> task.topicPartitions().stream()
                .anyMatch(partition -> partition.topic().equals(Topics.CLICKS))))));
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    sendClicks();
    // conversions after their clicks are in the report, so that their credits find them
    awaitAnswer(queryPorts.get(0), RANGE + "&groupBy=affiliate&affiliateId=2",
        "{\"rows\":[" + row("\"affiliateId\":2", 1, 1, "0", "0", "0", "0", "0") + "]}");
    awaitAnswer(queryPorts.get(0), RANGE + "&affiliateId=1", "{\"rows\":[" + row(null, 4, 9, "0", "0", "0", "0", "0")
        + "]}");
    sendConversions();
  }

  @AfterAll
  static void stopAll() {
    if (producer != null) {
      producer.close();
    }
    instances.forEach(ClickStreamsApp::close);
    if (broker != null) {
      broker.close();
    }
  }

  // u1 and u2 in different partitions: both instances hold clicks and conversions to merge
  private static final String u1 = visitorInPartition(0);
  private static final String u2 = visitorInPartition(1);
  private static final Click u1Unique = at(1, u1).setS2("banner-1").build();
  private static final Click u1Repeat = at(10, u1).setS2("banner-1").setCreativeId(10).build();
  private static final Click u2Unique = at(2, u2).setS2("banner-1").build();
  private static final Click u2Repeat = at(11, u2).setCreativeId(10).build();
  /** Sent after u1's repeat (minute 10) in the same partition: out of order, so a look-up finds it another way. */
  private static final Click lateUnique = at(7, visitorInPartition(0)).setAffiliateId(2)
      .setUserAgent(TestClicks.PHONE).build();

  /**
   * Affiliate 1: 4 unique clicks (u1..u4), 2 repeats (u1, u2 on another creative), a double tap (u3), 2 bots and
   * u4's click sent twice by the edge; affiliate 2: one unique click from a phone.
   */
  private static void sendClicks() throws Exception {
    String u3 = VisitorId.mint();
    String u4 = VisitorId.mint();
    Click u3Unique = at(3, u3).setS2("banner-2").build();
    Click u3DoubleTap = at(3, u3).setS2("banner-2").setTime(u3Unique.getTime().plusSeconds(2))
        .setClickId(ClickId.create(u3Unique.getTime().plusSeconds(2).toEpochMilli(), u3, false)).build();
    Click u4Unique = at(4, u4).build();
    Click bot = at(5, VisitorId.mint()).setUserAgent(TestClicks.GOOGLEBOT).build();
    for (Click sent : List.of(u1Unique, u2Unique, u3Unique, u3DoubleTap, u4Unique, bot,
        at(6, VisitorId.mint()).setUserAgent(TestClicks.GOOGLEBOT).build(), u1Repeat, u2Repeat, u4Unique,
        lateUnique)) {
      send(Topics.CLICKS, sent.getVisitorId(), sent.getTime(), AvroSerde.of(Click.class).encode(sent));
    }
    clickIds.put(Disposition.UNIQUE, u1Unique.getClickId());
    clickIds.put(Disposition.REPEAT, u1Repeat.getClickId());
    clickIds.put(Disposition.DUPLICATE, u3DoubleTap.getClickId());
    clickIds.put(Disposition.BOT, bot.getClickId());
  }

  /** A visitor whose events land in this partition of a two-partition topic (Kafka's default partitioner). */
  private static String visitorInPartition(int partition) {
    while (true) {
      String visitor = VisitorId.mint();
      if (Utils.toPositive(Utils.murmur2(visitor.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
        return visitor;
      }
    }
  }

  /** u1's unique click earns a whole conversion, u2's two clicks half one each; a repeat and an unattributed one. */
  private static void sendConversions() throws Exception {
    Instant time = CONVERSION_HOUR.plusSeconds(300);
    AttributedConversion whole = attributed(ClickId.create(time.toEpochMilli(), u1, false), time, false,
        credit(u1Unique, 1.0, 4_000_000, 2_500_000));
    whole.getConversion().setVisitorId(u1);
    AttributedConversion split = attributed(ClickId.create(time.toEpochMilli(), u2, false), time, false,
        credit(u2Unique, 0.5, 1_000_000, 500_000), credit(u2Repeat, 0.5, 1_000_000, 500_000));
    split.getConversion().setVisitorId(u2);
    AttributedConversion unattributed = attributed(ClickId.create(time.toEpochMilli(), u2, false), time, false);
    unattributed.getConversion().setVisitorId(u2);
    unattributed.setStatus(AttributionStatus.UNATTRIBUTED);
    for (AttributedConversion sent : List.of(whole, split, whole, unattributed)) {
      send(Topics.ATTRIBUTED_CONVERSIONS, sent.getConversion().getVisitorId(), time,
          AvroSerde.of(AttributedConversion.class).encode(sent));
    }
  }

  private static Credit credit(Click click, double weight, long revenueMicros, long payoutMicros) {
    return TestClicks.credit(click, weight, revenueMicros, payoutMicros);
  }

  @Test
  @Order(1)
  void eachInstanceAnswersTheExactCountsOfBothPartitions() {
    for (int port : queryPorts) {
      awaitAnswer(port, RANGE + "&groupBy=affiliate", "{\"rows\":[" + String.join(",",
          row("\"affiliateId\":1", 4, 9, "2", "6", "3.5", "0.5", "1.5"),
          row("\"affiliateId\":2", 1, 1, "0", "0", "0", "0", "0")) + "]}");
      awaitAnswer(port, RANGE + "&groupBy=s2&affiliateId=1", "{\"rows\":[" + String.join(",",
          row("\"s2\":null", 1, 4, "0.5", "1", "0.5", "0.5", "1"),
          row("\"s2\":\"banner-1\"", 2, 3, "1.5", "5", "3", "0.75", "2.5"),
          row("\"s2\":\"banner-2\"", 1, 2, "0", "0", "0", "0", "0")) + "]}");
      awaitAnswer(port, RANGE + "&groupBy=device,browser", "{\"rows\":[" + String.join(",",
          row("\"device\":\"Desktop\",\"browser\":\"Chrome\"", 4, 7, "2", "6", "3.5", "0.5", "1.5"),
          row("\"device\":\"Phone\",\"browser\":\"Safari\"", 1, 1, "0", "0", "0", "0", "0"),
          row("\"device\":\"Robot\",\"browser\":\"Googlebot\"", 0, 2, "0", "0", "0", "0", "0")) + "]}");
    }
  }

  @Test
  @Order(2)
  void answersCsvWhenAskedFor() {
    HttpResponse<String> csv = get(queryPorts.get(1), "/api/reports/clicks?" + RANGE + "&groupBy=day&affiliateId=1",
        "text/csv");

    assertEquals(200, csv.statusCode());
    assertEquals("day,clicks,totalClicks,conversions,revenue,payout,conversionRate,epc,pendingConversions,pendingPayout\n"
        + CLICK_HOUR.truncatedTo(ChronoUnit.DAYS) + ",4,9,2,6,3.5,0.5,1.5,0,0\n", csv.body());
  }

  @Test
  @Order(3)
  void eachInstanceFindsAClickOfEachDispositionWithItsReasons() {
    for (int port : queryPorts) {
      clickIds.forEach((disposition, clickId) -> {
        HttpResponse<String> answer = get(port, "/api/clicks/" + clickId, null);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().startsWith("{\"click\":{\"clickId\":\"" + clickId + "\""), answer.body());
        assertTrue(answer.body().contains("\"reason\":\"OK\",\"target\":\"NONE\",\"redirectUrl\":null"), answer.body());
        assertTrue(answer.body().contains("\"disposition\":\"" + disposition + "\",\"reasons\":[\""), answer.body());
      });
      HttpResponse<String> late = get(port, "/api/clicks/" + lateUnique.getClickId(), null);
      assertEquals(200, late.statusCode(), late.body());
      assertTrue(late.body().contains("\"disposition\":\"UNIQUE\",\"reasons\":[\"no click of"), late.body());
      String unknown = ClickId.create(CLICK_HOUR.toEpochMilli(), VisitorId.mint(), false);
      assertEquals(404, get(port, "/api/clicks/" + unknown, null).statusCode());
      HttpResponse<String> notAClickId = get(port, "/api/clicks/not-a-click-id", null);
      assertEquals(400, notAClickId.statusCode());
      assertTrue(notAClickId.body().startsWith("{\"error\":\"'not-a-click-id' is not a click id\""),
          notAClickId.body());
    }
  }

  @Test
  @Order(4)
  void refusesBadInputWithAReasonAndAnswersHealthAndReadiness() {
    HttpResponse<String> bad = get(queryPorts.get(0), "/api/reports/clicks?groupBy=browsers", null);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("{\"error\":\"cannot group by 'browsers'"), bad.body());
    assertEquals(400, get(queryPorts.get(0), "/api/reports/clicks?groupBy=s2,s3", null).statusCode());
    assertEquals(400, get(queryPorts.get(0), "/api/reports/clicks?from=2026-02-01T00:00:00Z&to=2025-01-01T00:00:00Z",
        null).statusCode());
    assertEquals(404, get(queryPorts.get(0), "/api/nothing", null).statusCode());
    HttpResponse<String> notHeld = get(queryPorts.get(0),
        "/internal/click-streams/clicks?" + RANGE + "&partitions=0,1", null);
    assertEquals(503, notHeld.statusCode(), "an instance holds one partition and answers for none it does not hold");
    assertEquals("1", notHeld.headers().firstValue("Retry-After").orElse(""));
    HttpResponse<String> withoutKey = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPorts.get(0)
        + "/api/reports/clicks?" + RANGE)));
    assertEquals(401, withoutKey.statusCode(), "the query port answers only callers with the internal key");
    assertEquals(200, get(queryPorts.get(1), "/healthz", null).statusCode());
    assertEquals(200, get(queryPorts.get(1), "/readyz", null).statusCode());
  }

  @Test
  @Order(5)
  void whileAnInstanceLeavesEveryAnswerIsCompleteOrARetry() {
    instances.get(1).close();
    int port = queryPorts.get(0);
    String expected = "{\"rows\":[" + row(null, 5, 10, "2", "6", "3.5", "0.4", "1.2") + "]}";
    await("the remaining instance takes both partitions over").atMost(WITHIN).until(() -> {
      HttpResponse<String> answer = get(port, "/api/reports/clicks?" + RANGE, null);
      if (answer.statusCode() == 200) {
        assertEquals(expected, answer.body(), "a 200 is never a partial sum");
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

  /** A click minutes into the click hour, from a person's browser. */
  private static Click.Builder at(int minute, String visitorId) {
    return click(visitorId, CLICK_HOUR.plusSeconds(60L * minute));
  }

  private static void send(String topic, String key, Instant time, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), key, value)).get();
  }

  private static String row(String dimensions, long clicks, long totalClicks, String conversions, String revenue,
      String payout, String conversionRate, String epc) {
    return "{" + (dimensions == null ? "" : dimensions + ",") + "\"clicks\":" + clicks + ",\"totalClicks\":"
        + totalClicks + ",\"conversions\":" + conversions + ",\"revenue\":" + revenue + ",\"payout\":" + payout
        + ",\"conversionRate\":" + conversionRate + ",\"epc\":" + epc + ",\"pendingConversions\":0,\"pendingPayout\":0}";
  }

  private static void awaitAnswer(int port, String query, String expected) {
    await("instance on " + port + " answers " + query).atMost(WITHIN).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          HttpResponse<String> answer = get(port, "/api/reports/clicks?" + query, null);
          assertEquals(200 + " " + expected, answer.statusCode() + " " + answer.body());
        });
  }

  private static HttpResponse<String> get(int port, String pathAndQuery, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("Authorization", "Bearer " + INTERNAL_KEY);
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + request.build().uri() + " failed", e);
    }
  }
}
