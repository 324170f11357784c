package io.tracker.launcher;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.embedded.FreePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The all-in-one tracker on free ports and a temporary data folder, as the end-to-end tests start it. */
final class TrackerFixture implements AutoCloseable {
  static final String KEY = "end-to-end-admin-key";
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  final Map<String, Object> settings;
  final TrackerClient client;
  final String edgeUrl;
  final String bootstrapServers;
  private final Clock clock;
  private Tracker tracker;

  private TrackerFixture(Map<String, Object> settings, int edgePort, int apiPort, int kafkaPort, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.edgeUrl = "http://127.0.0.1:" + edgePort;
    this.client = new TrackerClient("http://127.0.0.1:" + apiPort, edgeUrl, KEY);
    this.bootstrapServers = "127.0.0.1:" + kafkaPort;
  }

  static TrackerFixture start(Path data, Map<String, Object> extraSettings) {
    return start(data, extraSettings, Clock.systemUTC());
  }

  /** With the clock the edge goes by (a {@link SettableClock} moves a test to the next day). */
  static TrackerFixture start(Path data, Map<String, Object> extraSettings, Clock clock) {
    int edgePort = FreePort.find();
    int apiPort = FreePort.find();
    int queryPort = FreePort.find();
    int kafkaPort = FreePort.find();
    Map<String, Object> settings = new HashMap<>(Map.of(
        "tracker.dataDir", data.toString(),
        "tracker.kafkaPort", kafkaPort,
        "tracker.controllerPort", FreePort.find(),
        "tracker.adminKey", KEY,
        "kafka.eventPartitions", 2,
        "edge.port", edgePort,
        "api.port", apiPort,
        "api.edgeUrl", "http://127.0.0.1:" + edgePort,
        "clickStreams.queryPort", queryPort));
    settings.put("attribution.queryPort", FreePort.find());
    settings.put("postbacks.queryPort", FreePort.find());
    settings.putAll(extraSettings);
    TrackerFixture fixture = new TrackerFixture(settings, edgePort, apiPort, kafkaPort, clock);
    fixture.startTracker();
    return fixture;
  }

  private void startTracker() {
    tracker = Tracker.start(settings, clock);
    await().atMost(READY_WITHIN).until(tracker::isReady);
  }

  /** Stops the whole process's worth of services and starts them again on the same data folder. */
  void restart() {
    tracker.close();
    startTracker();
  }

  @Override
  public void close() {
    if (tracker != null) {
      tracker.close();
    }
  }

  long created(String path, String json) {
    return client.created(path, json).get("id").asLong();
  }

  /** Where a link finally redirected, and how many requests (so clicks) it took to get there. */
  record Followed(String location, int clicks) {}

  /** Follows an edge link until it redirects as expected (the edge sees catalog changes within 1 s). */
  Followed awaitRedirect(String link, Predicate<String> expected) {
    AtomicReference<String> seen = new AtomicReference<>();
    int[] clicks = {0};
    try {
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
        var answer = client.edge(link);
        clicks[0]++;
        String location = answer.response().headers().firstValue("Location").orElse("");
        seen.set(answer.status() + " " + location);
        return answer.status() == 302 && expected.test(location);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(link + " did not redirect as expected: " + seen.get(), e);
    }
    return new Followed(seen.get().substring(4), clicks[0]);
  }

  /** The report's single row for the query once it satisfies the condition (fresh within a second or two). */
  JsonNode awaitReportRow(String query, Predicate<JsonNode> condition) {
    return new ReportWatcher(client).awaitRow(query, condition, Duration.ofSeconds(5));
  }

  JsonNode awaitReportRow(String query, long totalClicks) {
    return awaitReportRow(query, row -> row.get("totalClicks").asLong() == totalClicks);
  }
}
