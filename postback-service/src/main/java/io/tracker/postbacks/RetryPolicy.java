package io.tracker.postbacks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a call that did not deliver is tried again: a delay that doubles from the first to the longest, each drawn
 * between half and all of it (jitter, so that the calls a dead server refused do not all come back at once), for as
 * long as the horizon from the first attempt lasts. The last try is at the horizon itself; when that one fails too,
 * the call has FAILED.
 */
record RetryPolicy(Duration firstDelay, Duration longestDelay, Duration horizon) {

  static RetryPolicy of(PostbackConfig config) {
    return new RetryPolicy(config.firstRetryDelay(), config.longestRetryDelay(), config.retryHorizon());
  }

  /** When to try again after attempt number {@code attempt} failed at {@code now}; null when the call has failed. */
  Instant nextAttempt(int attempt, Instant firstAttempt, Instant now) {
    Instant end = firstAttempt.plus(horizon);
    if (!now.isBefore(end)) {
      return null;
    }
    long longest = longestDelay.toMillis();
    long base = firstDelay.toMillis();
    for (int doubled = 1; doubled < attempt && base < longest; doubled++) {
      base *= 2;
    }
    base = Math.min(base, longest);
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base - base / 2 + 1);
    Instant next = now.plusMillis(delay);
    return next.isAfter(end) ? end : next;
  }
}
