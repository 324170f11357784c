package io.tracker.clicks;

import io.tracker.platform.ConfigCheck;
import java.time.Duration;

/**
 * How long the report topology keeps what: hourly buckets, conversion ids (dedupe); how many sub id rows an
 * hour may hold per slot, affiliate and offer; and the memory of each task's {@link ReportRowCache}.
 */
public record ReportSettings(Duration reportRetention, Duration lateArrivalLimit, int subIdRowsPerHour,
    long rowCacheBytes) {

  static ReportSettings load(ConfigCheck clickStreams, Duration lateArrivalLimit, long rowCacheBytes) {
    ReportSettings settings = new ReportSettings(
        clickStreams.duration("reportRetention"),
        lateArrivalLimit,
        clickStreams.intBetween("subIdRowsPerHour", 1, 1_000_000),
        rowCacheBytes);
    // the stores keep whole windows, so each must keep at least one
    clickStreams.require(settings.reportRetention.compareTo(ReportBuckets.BUCKET) >= 0,
        "reportRetention must be at least " + ReportBuckets.BUCKET);
    clickStreams.require(lateArrivalLimit.compareTo(Duration.ofMinutes(1)) >= 0,
        "lateArrivalLimit must be at least 1 minute");
    return settings;
  }
}
