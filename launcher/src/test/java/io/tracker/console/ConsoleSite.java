package io.tracker.console;

import static org.awaitility.Awaitility.await;

import io.tracker.launcher.Tracker;
import io.tracker.embedded.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real all-in-one tracker on free ports; its API port serves the console ({@code /} and {@code /console/})
 * beside the API, as users open it.
 */
final class ConsoleSite implements AutoCloseable {
  static final String ADMIN_KEY = "console-test-admin-key";
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final String BROWSER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

  /** Where the browser opens the console: the one address every browser test starts from. */
  final String consoleUrl;
  final String apiUrl;
  final String edgeUrl;
  private final Tracker tracker;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ConsoleSite(Tracker tracker, String consoleUrl, String apiUrl, String edgeUrl) {
    this.tracker = tracker;
    this.consoleUrl = consoleUrl;
    this.apiUrl = apiUrl;
    this.edgeUrl = edgeUrl;
  }

  static ConsoleSite start(Path dataDir) {
    int edgePort = FreePort.find();
    int apiPort = FreePort.find();
    int queryPort = FreePort.find();
    String edgeUrl = "http://127.0.0.1:" + edgePort;
    String apiUrl = "http://127.0.0.1:" + apiPort;
    Tracker tracker = Tracker.start(Map.ofEntries(
        Map.entry("tracker.dataDir", dataDir.toString()),
        Map.entry("tracker.kafkaPort", FreePort.find()),
        Map.entry("tracker.controllerPort", FreePort.find()),
        Map.entry("tracker.adminKey", ADMIN_KEY),
        Map.entry("kafka.eventPartitions", 2),
        Map.entry("edge.port", edgePort),
        Map.entry("api.port", apiPort),
        Map.entry("api.edgeUrl", edgeUrl),
        Map.entry("clickStreams.queryPort", queryPort),
        Map.entry("attribution.queryPort", FreePort.find()),
        Map.entry("postbacks.queryPort", FreePort.find()),
        // the walk's affiliate server runs on this machine
        Map.entry("postbackTargets.allowedNetworks", "127.0.0.1/32")));
    try {
      await().atMost(READY_WITHIN).until(tracker::isReady);
      return new ConsoleSite(tracker, apiUrl, apiUrl, edgeUrl);
    } catch (RuntimeException e) {
      tracker.close();
      throw e;
    }
  }

  /** A GET without following redirects, as an advertiser's server would make it. */
  HttpResponse<String> get(String url) {
    return exchange(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** A consumer's first hop on a link: a browser's agent, since the tracker does not count bots as unique. */
  HttpResponse<String> click(String link) {
    return exchange(HttpRequest.newBuilder(URI.create(link)).header("User-Agent", BROWSER_AGENT).GET());
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.build().uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A GET of the API with the admin key, straight to the tracker (what the console shows is checked against it). */
  HttpResponse<String> api(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery)).GET());
  }

  /** Creates a catalog record straight through the API, for a test that needs it but is not about creating it. */
  HttpResponse<String> create(String path, String json) {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(apiUrl + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    if (answer.statusCode() != 201) {
      throw new AssertionError("POST " + path + " gave " + answer.statusCode() + ": " + answer.body());
    }
    return answer;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return exchange(request.header("Authorization", "Bearer " + ADMIN_KEY));
  }

  @Override
  public void close() {
    tracker.close();
  }
}
