package io.tracker.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.admin.ApiApp;
import io.tracker.admin.ApiConfig;
import io.tracker.clicks.ClickStreamsApp;
import io.tracker.clicks.ClickStreamsConfig;
import io.tracker.edge.EdgeApp;
import io.tracker.edge.EdgeConfig;
import io.tracker.events.JudgedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.platform.Metrics;
import io.tracker.schemas.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * No click lost, nothing double counted: clicks are driven at the edge while the broker is stopped and
 * started again, and while the edge process is killed (SIGKILL) and started again. Every click the edge
 * answered 302 for must be in the report exactly once.
 */
class EdgeFaultToleranceTest {
  private static final Duration OUTAGE = Duration.ofSeconds(5);
  private static final int MAX_CLICKS_PER_PHASE = 3_000;

  @TempDir static Path data;
  static int kafkaPort;
  static int controllerPort;
  static EmbeddedKafkaBroker broker;
  static ClickStreamsApp clickStreams;
  static ApiApp api;
  static Map<String, Object> settings;
  static TrackerClient client;
  static String bootstrap;
  static long creative;
  static long offer;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void startBrokerStreamsAndApi() {
    kafkaPort = FreePort.find();
    controllerPort = FreePort.find();
    broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), kafkaPort, controllerPort, Duration.ofSeconds(60));
    bootstrap = broker.bootstrapServers();
    KafkaTopics.ensureOnOneBroker(bootstrap, 2);
    int apiPort = FreePort.find();
    int queryPort = FreePort.find();
    settings = new HashMap<>(Map.of(
        "kafka.bootstrapServers", bootstrap,
        "clickStreams.queryPort", queryPort,
        "clickStreams.stateDir", data.resolve("click-streams").toString(),
        "api.port", apiPort,
        "api.adminKey", TrackerFixture.KEY,
        "api.clickStreamsUrl", "http://127.0.0.1:" + queryPort));
    var config = ConfigCheck.load(settings);
    clickStreams = ClickStreamsApp.start(ClickStreamsConfig.load(config), Metrics.newRegistry());
    api = ApiApp.start(ApiConfig.load(config), Metrics.newRegistry());
    client = new TrackerClient("http://127.0.0.1:" + apiPort, "unused", TrackerFixture.KEY);
    await().atMost(Duration.ofSeconds(30)).until(api::isReady);
    long advertiser = client.created("/api/advertisers", "{\"name\":\"Acme\"}").get("id").asLong();
    offer = client.created("/api/offers", """
        {"advertiserId": %d, "name": "Faults", "landingPageUrl": "https://shop.example.com/lp?click={click_id}"}
        """.formatted(advertiser)).get("id").asLong();
  }

  @AfterAll
  static void stopAll() {
    api.close();
    clickStreams.close();
    broker.close();
  }

  /** A fresh affiliate with a campaign and creative on the offer, so that each test counts on its own. */
  static long newAffiliate(String name) {
    long affiliate = client.created("/api/affiliates", "{\"name\":\"" + name + "\"}").get("id").asLong();
    client.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(affiliate, offer));
    creative = client.created("/api/creatives", "{\"offerId\":%d,\"name\":\"%s\"}".formatted(offer, name)).get("id").asLong();
    return affiliate;
  }

  /** The click id of a 302, or null when the edge did not answer (e.g. while it is down). */
  String click(int edgePort, long affiliate, int sequence) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/?a=%d&c=%d&s2=%d"
        .formatted(edgePort, affiliate, creative, sequence))).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      assertEquals(302, response.statusCode(), "the edge answers at once, whatever Kafka does");
      String location = response.headers().firstValue("Location").orElseThrow();
      return location.substring(location.indexOf("click=") + "click=".length());
    } catch (ConnectException down) {
      return null;
    } catch (IOException e) {
      return null; // the connection died with the process: not answered, so not owed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Clicks until the phase's time is up (or its bound on count is reached); returns the answered ids. */
  List<String> clickFor(Duration phase, int edgePort, long affiliate, List<String> answered) {
    long until = System.nanoTime() + phase.toNanos();
    int start = answered.size();
    for (int i = 0; i < MAX_CLICKS_PER_PHASE && System.nanoTime() < until; i++) {
      String clickId = click(edgePort, affiliate, answered.size() + i);
      if (clickId != null) {
        answered.add(clickId);
      }
    }
    assertTrue(answered.size() > start, "the phase answered clicks");
    return answered;
  }

  /** The report counts each answered click once, and each answered click id was processed exactly once. */
  void assertCountedExactlyOnce(long affiliate, List<String> answered) {
    assertEquals(answered.size(), Set.copyOf(answered).size(), "click ids are unique");
    new ReportWatcher(client).awaitTotalClicks(affiliate, answered.size(), Duration.ofSeconds(90));
    try (TopicEvents<JudgedClick> processed = new TopicEvents<>(bootstrap, Topics.PROCESSED_CLICKS, JudgedClick.class)) {
      Set<String> wanted = Set.copyOf(answered);
      await().atMost(Duration.ofSeconds(30)).until(() -> processed.all().stream()
          .map(JudgedClick::getClickId).filter(wanted::contains).distinct().count() == wanted.size());
      Map<String, Long> times = processed.all().stream().map(JudgedClick::getClickId).filter(wanted::contains)
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertTrue(times.values().stream().allMatch(n -> n == 1), "no click id processed twice");
    }
  }

  @Test
  void aBrokerOutageLosesNoClickAndCountsNoneTwice() throws Exception {
    long affiliate = newAffiliate("outage");
    int edgePort = FreePort.find();
    Map<String, Object> edgeSettings = new HashMap<>(settings);
    edgeSettings.put("edge.port", edgePort);
    edgeSettings.put("edge.journalDir", data.resolve("edge-journal-outage").toString());
    int managementPort = FreePort.find();
    edgeSettings.put("edge.managementPort", managementPort);
    EdgeApp edge = EdgeApp.start(EdgeConfig.load(ConfigCheck.load(edgeSettings)), Metrics.newRegistry());
    List<String> answered = new ArrayList<>();
    try {
      await().atMost(Duration.ofSeconds(30)).until(edge::isReady);
      clickFor(Duration.ofSeconds(1), edgePort, affiliate, answered);
      broker.close();
      clickFor(OUTAGE, edgePort, affiliate, answered); // the outage lasts while clicks keep coming
      broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), kafkaPort, controllerPort, Duration.ofSeconds(60));
      clickFor(Duration.ofSeconds(1), edgePort, affiliate, answered);
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("edge_requests_total{endpoint=\"link\",status=\"302\"}"), metrics);
      assertTrue(metrics.contains("edge_journal_pending_bytes"), metrics);
    } finally {
      edge.close();
    }
    assertEquals(0, edge.droppedEvents());
    assertEquals(0, edge.pendingJournalBytes(), "a clean shutdown drains the journal to Kafka");
    assertCountedExactlyOnce(affiliate, answered);
  }

  @Test
  void aKilledEdgeLosesNoClickItAnswered() throws Exception {
    long affiliate = newAffiliate("sigkill");
    int edgePort = FreePort.find();
    Path journal = data.resolve("edge-journal-killed");
    List<String> answered = new ArrayList<>();
    Process edge = startEdgeProcess(edgePort, journal);
    try {
      awaitReady(edgePort);
      clickFor(Duration.ofSeconds(2), edgePort, affiliate, answered);
      edge.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
      edge = startEdgeProcess(edgePort, journal);
      awaitReady(edgePort);
      clickFor(Duration.ofSeconds(1), edgePort, affiliate, answered);
    } finally {
      edge.destroy();
      edge.waitFor();
    }
    assertCountedExactlyOnce(affiliate, answered);
  }

  /** The edge in its own JVM, as in production mode, so that it can be killed without the broker. */
  private Process startEdgeProcess(int port, Path journal) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), EdgeApp.class.getName());
    builder.environment().putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "EDGE_PORT", String.valueOf(port),
        "EDGE_HOST", "127.0.0.1", "EDGE_JOURNAL_DIR", journal.toString(), "TRACKER_EVENT_PARTITIONS", "2"));
    builder.redirectErrorStream(true).redirectOutput(data.resolve("edge-" + port + ".log").toFile());
    return builder.start();
  }

  private void awaitReady(int port) {
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }
}
