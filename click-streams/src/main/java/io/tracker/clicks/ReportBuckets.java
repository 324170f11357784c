package io.tracker.clicks;

import io.tracker.clickstate.Tally;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.report.SubIdRowsKey;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The hourly report stores of one task, and how a click or a conversion credit is added to them: once to the
 * report cube under its low-cardinality dimensions, and once per sub id slot (s2..s5) that has a value to the sub
 * id report (the row of no value is the cube's total less the rows with values, see {@link LocalReports}).
 * Sub id rows are bounded: each hour, slot, affiliate and offer get at most a fixed number of rows, and values
 * that come after those are added to one overflow row, so totals stay whole. Rows are read and added to in the
 * task's {@link ReportRowCache}, which writes each changed row to its store once per commit.
 */
final class ReportBuckets {
  /** The size of one report bucket: the smallest time grouping a report offers. */
  static final Duration BUCKET = Duration.ofHours(1);
  static final List<Integer> SUB_ID_SLOTS = List.of(2, 3, 4, 5);
  private static final Tally ONE_MORE_ROW = new Tally(1L);

  private final ProcessingContext context;
  private final ReportRowCache rows;
  private final int subIdRowsPerHour;

  ReportBuckets(ProcessingContext context, int subIdRowsPerHour) {
    this.context = context;
    this.rows = context.getStateStore(ClickStores.REPORT_ROW_CACHE);
    rows.bind(context);
    this.subIdRowsPerHour = subIdRowsPerHour;
  }

  /** The report stores (not cached: {@link ReportRowCache} is their cache) and the cache, bounded to cacheBytes. */
  static List<StoreBuilder<?>> storeBuilders(Duration retention, long cacheBytes) {
    return List.of(
        hourly(ClickStores.CLICK_REPORT, retention, ReportSerdes.REPORT_KEY, ReportSerdes.COUNTS),
        hourly(ClickStores.SUB_ID_REPORT, retention, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS),
        hourly(ClickStores.SUB_ID_OTHER_REPORT, retention, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS),
        hourly(ClickStores.SUB_ID_ROWS, retention, ReportSerdes.SUB_ID_ROWS_KEY, ReportSerdes.TALLY),
        ReportRowCache.storeBuilder(ClickStores.REPORT_ROW_CACHE, cacheBytes));
  }

  private static <K, V> StoreBuilder<WindowStore<K, V>> hourly(String name, Duration retention, Serde<K> keys,
      Serde<V> values) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, BUCKET, false), keys, values);
  }

  /** The start of the hour (UTC) that an event at this time counts in. */
  static long bucketStart(long timeMillis) {
    return timeMillis - Math.floorMod(timeMillis, BUCKET.toMillis());
  }

  /** Adds counts at an event time: subIdValues holds s2..s5 (null where absent). */
  void add(ReportKey dimensions, List<String> subIdValues, long timeMillis, ReportCounts counts) {
    long hour = bucketStart(timeMillis);
    rows.cube.add(rows.cube.row(dimensions, hour), counts);
    ReportKey subIdDimensions = null;
    for (int i = 0; i < SUB_ID_SLOTS.size(); i++) {
      String value = subIdValues.get(i);
      if (value != null) {
        if (subIdDimensions == null) {
          // the sub id report leaves device, browser, os, country and reason out: with values per click they would
          // multiply its rows
          subIdDimensions = new ReportKey(dimensions.getAffiliateId(), dimensions.getOfferId(),
              dimensions.getCampaignId(), dimensions.getCreativeId(), dimensions.getS1(), dimensions.getTest(), null,
              null, null, null, null);
        }
        addToSubId(SUB_ID_SLOTS.get(i), value, subIdDimensions, hour, counts);
      }
    }
    if (rows.full()) {
      context.commit(); // writes the rows out, and the cache lets go of the rows no click asked for again
    }
  }

  /** Adds to the value's row: its own while the hour has rows left for the slot, affiliate and offer. */
  private void addToSubId(int slot, String value, ReportKey dimensions, long hour, ReportCounts counts) {
    ReportRowCache.Cached own = rows.subIds.row(new SubIdKey(slot, value, false, dimensions), hour);
    if (rows.subIds.hasValue(own)) {
      rows.subIds.add(own, counts);
      return;
    }
    ReportRowCache.Cached used = rows.subIdRows.row(
        new SubIdRowsKey(slot, dimensions.getAffiliateId(), dimensions.getOfferId()), hour);
    Tally tally = rows.subIdRows.value(used);
    long count = tally == null ? 0 : tally.getCount();
    if (count < subIdRowsPerHour) {
      rows.subIdRows.add(used, ONE_MORE_ROW);
      rows.subIds.add(own, counts);
    } else {
      rows.otherSubIds.add(rows.otherSubIds.row(new SubIdKey(slot, null, true, dimensions), hour), counts);
    }
  }
}
