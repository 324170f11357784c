package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Stores;
import io.tracker.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Clicks -> hourly report buckets. Each task adds the clicks of its own partitions to its own window store:
 * there is no repartition, so one report key may have partial sums in several tasks, and queries add them
 * up (see {@link ClusterReports}). That keeps the click path free of an extra topic hop.
 */
public final class ClickReportTopology {
  private ClickReportTopology() {}

  /** The size of one report bucket: the smallest time grouping a report offers. */
  public static final Duration BUCKET = Duration.ofHours(1);

  private static final String SOURCE = "clicks";
  private static final String PROCESSOR = "click-report";

  public static Topology buildTopology(Duration reportRetention) {
    StoreBuilder<WindowStore<ReportKey, ReportCounts>> store = org.apache.kafka.streams.state.Stores
        .windowStoreBuilder(
            org.apache.kafka.streams.state.Stores.persistentWindowStore(Stores.CLICK_REPORT, reportRetention,
                BUCKET, false),
            AvroSerde.of(ReportKey.class), AvroSerde.of(ReportCounts.class))
        // many clicks hit the same bucket between two commits: the cache writes the changelog once per commit
        .withCachingEnabled();
    return new Topology()
        .addSource(SOURCE, Serdes.String().deserializer(), AvroSerde.of(Click.class), Topics.CLICKS)
        .addProcessor(PROCESSOR, ClickReportProcessor::new, SOURCE)
        .addStateStore(store, PROCESSOR);
  }

  /** The start of the hour (UTC) that a click at this time counts in. */
  static long bucketStart(long timeMillis) {
    return timeMillis - Math.floorMod(timeMillis, BUCKET.toMillis());
  }

  static ReportKey reportKey(Click click) {
    return ReportKey.newBuilder()
        .setAffiliateId(click.getAffiliateId())
        .setOfferId(click.getOfferId() == null ? 0 : click.getOfferId())
        .setCampaignId(click.getCampaignId() == null ? 0 : click.getCampaignId())
        .setCreativeId(click.getCreativeId())
        .setS1(click.getS1())
        .setTest(click.getTest())
        .build();
  }

  /** Adds each click to the bucket of its report key and hour; the record timestamp is the click time. */
  static final class ClickReportProcessor implements Processor<String, Click, Void, Void> {
    private WindowStore<ReportKey, ReportCounts> buckets;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      buckets = context.getStateStore(Stores.CLICK_REPORT);
    }

    @Override
    public void process(Record<String, Click> record) {
      if (record.value() == null) {
        return; // click topics hold no deletes; a stray tombstone counts nothing
      }
      ReportKey key = reportKey(record.value());
      long hour = bucketStart(record.timestamp());
      ReportCounts counts = buckets.fetch(key, hour);
      if (counts == null) {
        counts = new ReportCounts(0L, 0L, 0.0, 0L, 0L);
      }
      // Every click counts as unique for now: telling duplicates apart comes with click dispositions.
      // Conversions and money stay 0 here: they come from attributed conversions, not from clicks.
      counts.setClicks(counts.getClicks() + 1);
      counts.setTotalClicks(counts.getTotalClicks() + 1);
      buckets.put(key, counts, hour);
    }
  }
}
