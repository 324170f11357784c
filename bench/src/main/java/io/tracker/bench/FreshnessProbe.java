package io.tracker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freshness: the time from a click's 302 to its appearance in the click report, probe after probe, while
 * other load runs. {@code FreshnessProbe <edge url> <api url> <admin key> <affiliate id> <creative id> <probes>};
 * the affiliate must get no other traffic. Prints {@code freshness_ms p50=.. p99=.. max=.. probes=..}.
 */
public final class FreshnessProbe {
  private static final Logger log = LoggerFactory.getLogger(FreshnessProbe.class);
  private static final Pattern TOTAL = Pattern.compile("\"totalClicks\":(\\d+)");
  private static final Duration GIVE_UP = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(5);

  private FreshnessProbe() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String edge = args[0];
    String api = args[1];
    String key = args[2];
    long affiliate = Long.parseLong(args[3]);
    long creative = Long.parseLong(args[4]);
    int probes = Integer.parseInt(args[5]);
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)).toString();
    String to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3)).toString();
    HttpRequest report = HttpRequest.newBuilder(URI.create(api + "/api/reports/clicks?groupBy=affiliate&affiliateId="
        + affiliate + "&from=" + from + "&to=" + to)).header("Authorization", "Bearer " + key).build();
    HttpRequest click = HttpRequest.newBuilder(URI.create(edge + "/?a=" + affiliate + "&c=" + creative + "&s1=probe"))
        .build();
    long before = totalClicks(http, report);
    double[] millis = new double[probes];
    for (int i = 0; i < probes; i++) {
      long start = System.nanoTime();
      HttpResponse<Void> answer = http.send(click, HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() != 302) {
        throw new IllegalStateException("probe click answered " + answer.statusCode());
      }
      long redirected = System.nanoTime();
      long deadline = redirected + GIVE_UP.toNanos();
      while (totalClicks(http, report) < before + i + 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("probe " + i + " never reached the report");
        }
        Thread.sleep(POLL.toMillis()); // the poll interval: asking without a pause would load the system measured
      }
      millis[i] = (System.nanoTime() - redirected) / 1e6;
      log.debug("probe {} took {} ms (click answered in {} ms)", i, millis[i], (redirected - start) / 1e6);
    }
    Arrays.sort(millis);
    log.info("freshness_ms p50={} p99={} max={} probes={}", round(percentile(millis, 50)),
        round(percentile(millis, 99)), round(millis[probes - 1]), probes);
  }

  private static long totalClicks(HttpClient http, HttpRequest report) throws IOException, InterruptedException {
    Matcher total = TOTAL.matcher(http.send(report, HttpResponse.BodyHandlers.ofString()).body());
    return total.find() ? Long.parseLong(total.group(1)) : 0;
  }

  private static double percentile(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
