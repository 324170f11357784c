package io.tracker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.platform.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load through the edge over real HTTP, as consumers and an advertiser's server make it: clicks on one
 * tracking link (each from its own address behind the load balancer, with a browser's user agent), and for every
 * {@code conversionEvery}-th answered click a server-to-server postback naming it, with the advertiser's key.
 * Remembers every click id the edge answered with a 302 and every conversion id it accepted; a request whose
 * answer never came is counted as unknown (the edge may or may not have recorded it).
 */
final class Traffic implements AutoCloseable {
  private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/124.0.0.0 Safari/537.36";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_IN_FLIGHT = 64;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final String link;
  private final String postback;
  private final int conversionEvery;
  private final AtomicLong clicksSent = new AtomicLong();
  private final AtomicLong conversionsSent = new AtomicLong();
  private final AtomicLong unknownClicks = new AtomicLong();
  private final AtomicLong unknownConversions = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Queue<String> clicks = new ConcurrentLinkedQueue<>();
  private final Queue<String> conversions = new ConcurrentLinkedQueue<>();
  private final Queue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
  private final AtomicLong answeredClicks = new AtomicLong();

  Traffic(String edge, long affiliate, long creative, long offer, String postbackKey, int conversionEvery) {
    this.link = edge + "/?a=" + affiliate + "&c=" + creative;
    this.postback = edge + "/p.ashx?o=" + offer + "&f=pb&k=" + postbackKey + "&r=";
    this.conversionEvery = conversionEvery;
  }

  /** Clicks at a steady rate until {@link #close()}. */
  void start(int clicksPerSecond) {
    ticks.scheduleAtFixedRate(this::click, 0, 1_000_000 / clicksPerSecond, TimeUnit.MICROSECONDS);
  }

  long clicksSent() {
    return clicksSent.get();
  }

  long conversionsSent() {
    return conversionsSent.get();
  }

  long answeredClicks() {
    return answeredClicks.get();
  }

  List<String> clickIds() {
    return List.copyOf(clicks);
  }

  List<String> conversionIds() {
    return List.copyOf(conversions);
  }

  long unknownClicks() {
    return unknownClicks.get();
  }

  long unknownConversions() {
    return unknownConversions.get();
  }

  long skipped() {
    return skipped.get();
  }

  List<String> wrongAnswers() {
    return List.copyOf(wrongAnswers);
  }

  /** Stops sending and waits for the answers still on their way. */
  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
      if (!inFlight.tryAcquire(MAX_IN_FLIGHT, REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("requests still in flight after " + REQUEST_TIMEOUT.multipliedBy(2));
      }
      inFlight.release(MAX_IN_FLIGHT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void click() {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet(); // the edge is slow: keep the pace, do not pile up
      return;
    }
    long n = clicksSent.incrementAndGet();
    HttpRequest request = HttpRequest.newBuilder(URI.create(link)).timeout(REQUEST_TIMEOUT)
        .header("User-Agent", USER_AGENT).header("X-Forwarded-For", consumerAddress(n)).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      inFlight.release();
      if (failure != null) {
        unknownClicks.incrementAndGet();
        return;
      }
      String location = response.headers().firstValue("Location").orElse("");
      int at = location.indexOf("click=");
      if (response.statusCode() != 302 || at < 0) {
        wrongAnswers.add("click " + response.statusCode() + " " + location);
        return;
      }
      String clickId = location.substring(at + "click=".length());
      clicks.add(clickId);
      if (answeredClicks.incrementAndGet() % conversionEvery == 0) {
        convert(clickId);
      }
    });
  }

  private void convert(String clickId) {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    conversionsSent.incrementAndGet();
    HttpRequest request = HttpRequest.newBuilder(URI.create(postback + clickId)).timeout(REQUEST_TIMEOUT).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
      inFlight.release();
      if (failure != null) {
        unknownConversions.incrementAndGet();
        return;
      }
      try {
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (response.statusCode() == 200 && "accepted".equals(answer.path("status").asText())) {
          conversions.add(answer.get("conversionId").asText());
          return;
        }
      } catch (IOException e) {
        // reported below
      }
      wrongAnswers.add("postback " + response.statusCode() + " " + response.body());
    });
  }

  /**
   * One of 512 documentation addresses (RFC 5737) as the consumer's, in X-Forwarded-For (never a destination): no
   * address clicks often enough to be taken for a bot.
   */
  private static String consumerAddress(long n) {
    return (n % 2 == 0 ? "198.51.100." : "203.0.113.") + (n / 2 % 256);
  }
}
