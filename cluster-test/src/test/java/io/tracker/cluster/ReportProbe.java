package io.tracker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.platform.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Asks the API for one report over and over while the faults go on, and holds every answer to what is known at
 * the time: a 200 is a full figure, at least what the app had committed to its output topic before the question
 * (a report missing a partition falls below it) and at most what was sent when the answer came (nothing counted
 * twice); anything else must be a 503 with Retry-After. Keeps the answers' timeline, from which the faults'
 * figures are read: how long the report was unavailable, and when it counted again what was sent before a fault.
 */
final class ReportProbe implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One question and its answer; times in nanoseconds of System.nanoTime(). */
  record Sample(long sentAt, long answeredAt, int status, long figure, long lowerBound, long upperBound) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name;
  private final HttpRequest request;
  private final ToLongFunction<JsonNode> figure;
  private final LongSupplier committed;
  private final LongSupplier sent;
  private final Duration interval;
  private final List<Sample> samples = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param figure the report's figure in an answer
   * @param committed what the app has committed so far (the least a full answer holds)
   * @param sent what was sent so far (the most any answer may hold)
   */
  ReportProbe(String name, String url, String key, ToLongFunction<JsonNode> figure, LongSupplier committed,
      LongSupplier sent, Duration interval) {
    this.name = name;
    this.request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + key).GET().build();
    this.figure = figure;
    this.committed = committed;
    this.sent = sent;
    this.interval = interval;
    this.thread = new Thread(this::run, "probe-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** The latest 200's figure, if any. */
  synchronized Optional<Long> latest() {
    for (int i = samples.size() - 1; i >= 0; i--) {
      if (samples.get(i).status() == 200) {
        return Optional.of(samples.get(i).figure());
      }
    }
    return Optional.empty();
  }

  /** The last answer, for a look when something does not happen. */
  synchronized String last() {
    return samples.isEmpty() ? "not answered yet" : samples.get(samples.size() - 1).toString() + " of "
        + samples.size() + " answers";
  }

  /** Whether a 200 asked after {@code since} counted at least {@code figure}. */
  synchronized boolean counted(long since, long figure) {
    return samples.stream().anyMatch(s -> s.sentAt() >= since && s.status() == 200 && s.figure() >= figure);
  }

  /**
   * Seconds of unavailability after {@code from} (a fault) and before {@code to}: from each 503 that follows a
   * 200 to the next 200, added up.
   */
  synchronized double unavailableSeconds(long from, long to) {
    long total = 0;
    Long firstRefusal = null;
    for (Sample sample : samples) {
      if (sample.sentAt() < from) {
        continue;
      }
      if (sample.status() == 503 && firstRefusal == null && sample.sentAt() < to) {
        firstRefusal = sample.sentAt();
      } else if (sample.status() == 200 && firstRefusal != null) {
        total += sample.answeredAt() - firstRefusal;
        firstRefusal = null;
      }
    }
    return total / 1e9;
  }

  /** Seconds from {@code from} until a 200 held at least {@code figure} (-1 if none did). */
  synchronized double secondsUntilCounted(long from, long figure) {
    return samples.stream().filter(s -> s.sentAt() >= from && s.status() == 200 && s.figure() >= figure)
        .findFirst().map(s -> (s.answeredAt() - from) / 1e9).orElse(-1.0);
  }

  /** How often, and by how much at most, a 200's figure was below the 200 before it. */
  synchronized String decreases() {
    int count = 0;
    long most = 0;
    Long previous = null;
    for (Sample sample : samples) {
      if (sample.status() != 200) {
        continue;
      }
      if (previous != null && sample.figure() < previous) {
        count++;
        most = Math.max(most, previous - sample.figure());
      }
      previous = sample.figure();
    }
    return count + " times" + (count > 0 ? ", by at most " + most : "");
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(TIMEOUT.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      long lower = committed.getAsLong();
      long sentAt = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long upper = sent.getAsLong();
        record(sentAt, response, lower, upper);
      } catch (IOException e) {
        violation("the API did not answer: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(interval.toMillis()); // the probe's pace between two questions
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void record(long sentAt, HttpResponse<String> response, long lower, long upper) {
    long answeredAt = System.nanoTime();
    int status = response.statusCode();
    long value = -1;
    if (status == 200) {
      try {
        value = figure.applyAsLong(Json.MAPPER.readTree(response.body()));
      } catch (IOException e) {
        violation("a 200 that is not JSON: " + response.body());
      }
      if (value < lower || value > upper) {
        violation("a partial or inflated figure: " + value + " where at least " + lower + " was committed and "
            + upper + " sent");
      }
    } else if (status == 503) {
      if (response.headers().firstValue("Retry-After").isEmpty()) {
        violation("a 503 without Retry-After: " + response.body());
      }
    } else {
      violation("neither a full figure nor a 503: " + status + " " + response.body());
    }
    synchronized (this) {
      samples.add(new Sample(sentAt, answeredAt, status, value, lower, upper));
    }
  }

  private synchronized void violation(String what) {
    if (violations.size() < 50) {
      violations.add(name + ": " + what);
    }
  }
}
