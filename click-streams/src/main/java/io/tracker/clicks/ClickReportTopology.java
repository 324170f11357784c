package io.tracker.clicks;

import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.ConversionChange;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.events.JudgedClick;
import io.tracker.events.RedirectReason;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Processed clicks (handed on by {@link ClickDispositionTopology#PROCESSOR} in the same task) and attributed
 * conversions -> hourly report buckets. A credit counts under its click's dimensions, device, browser, OS and sub
 * ids included, which attribution keeps with each click and puts on the credit. Each task adds its own partitions
 * to its own stores: there is no repartition, so one report key may have partial sums in several tasks, and queries
 * add them up (see {@link ClusterReports}).
 * Conversion changes (adjustments applied by attribution) take the conversion's figures as they were out of its
 * hour and put them in as they are now: approved ones in conversions, revenue and payout, pending ones in
 * pendingConversions and pendingPayout, rejected ones nowhere.
 */
final class ClickReportTopology {
  private ClickReportTopology() {}

  static final String CONVERSION_SOURCE = "attributed-conversions";
  private static final String CLICK_PROCESSOR = "click-report";
  private static final String CONVERSION_PROCESSOR = "conversion-report";
  private static final String CHANGE_SOURCE = "conversion-changes";
  private static final String CHANGE_PROCESSOR = "conversion-change-report";

  /** Needs {@link ClickDispositionTopology} in the same topology: it feeds the clicks. */
  static Topology buildTopology(Topology topology, ReportSettings settings) {
    topology
        .addSource(CONVERSION_SOURCE, Serdes.String().deserializer(), AvroSerde.of(AttributedConversion.class),
            Topics.ATTRIBUTED_CONVERSIONS)
        .addProcessor(CLICK_PROCESSOR, () -> new ClickReportProcessor(settings), ClickDispositionTopology.PROCESSOR)
        .addSource(CHANGE_SOURCE, Serdes.String().deserializer(), AvroSerde.of(ConversionChange.class),
            Topics.CONVERSION_CHANGES)
        .addProcessor(CONVERSION_PROCESSOR, () -> new ConversionReportProcessor(settings), CONVERSION_SOURCE)
        .addProcessor(CHANGE_PROCESSOR, () -> new ConversionChangeProcessor(settings), CHANGE_SOURCE)
        .addStateStore(Sightings.storeBuilder(ClickStores.SEEN_CONVERSION_IDS, settings.lateArrivalLimit()),
            CONVERSION_PROCESSOR);
    ReportBuckets.storeBuilders(settings.reportRetention(), settings.rowCacheBytes())
        .forEach(store -> topology.addStateStore(store, CLICK_PROCESSOR, CONVERSION_PROCESSOR, CHANGE_PROCESSOR));
    return topology;
  }

  /**
   * The low-cardinality dimensions of a click; device, browser and os come from its user agent, country from its
   * address, reason is where it was sent (null for OK, the most common, which costs no bytes).
   */
  static ReportKey reportKey(JudgedClick click) {
    return new ReportKey(click.getAffiliateId(), click.getOfferId(), click.getCampaignId(), click.getCreativeId(),
        click.getS1(), click.getTest(), click.getDeviceClass(), click.getBrowser(), click.getOs(), click.getCountry(),
        click.getRedirectReason() == RedirectReason.OK ? null : click.getRedirectReason().name());
  }

  /** What every report processor holds: the report rows of its task, opened when the task starts. */
  abstract static class ReportProcessor<V> implements Processor<String, V, Void, Void> {
    private final ReportSettings settings;
    ReportBuckets buckets;

    ReportProcessor(ReportSettings settings) {
      this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      buckets = new ReportBuckets(context, settings.subIdRowsPerHour());
    }
  }

  /** Counts each processed click in the hour it happened: every click in totalClicks, unique ones in clicks. */
  static final class ClickReportProcessor extends ReportProcessor<JudgedClick> {
    // conversions and money come from attributed conversions, not from clicks; the report adds these, never changes
    private static final ReportCounts UNIQUE_CLICK = new ReportCounts(1L, 1L, 0.0, 0L, 0L, 0.0, 0L);
    private static final ReportCounts OTHER_CLICK = new ReportCounts(0L, 1L, 0.0, 0L, 0L, 0.0, 0L);

    ClickReportProcessor(ReportSettings settings) {
      super(settings);
    }

    @Override
    public void process(Record<String, JudgedClick> record) {
      JudgedClick click = record.value();
      buckets.add(reportKey(click), Arrays.asList(click.getS2(), click.getS3(), click.getS4(), click.getS5()),
          record.timestamp(), click.getDisposition() == Disposition.UNIQUE ? UNIQUE_CLICK : OTHER_CLICK);
    }
  }

  /**
   * Adds each credit of an attributed conversion in the hour of the conversion: its weight to conversions, its
   * money to revenue and payout (or, held for review, to the pending figures). A conversion id counts once; other
   * statuses carry no credit.
   */
  static final class ConversionReportProcessor extends ReportProcessor<AttributedConversion> {
    private Sightings conversionIds;

    ConversionReportProcessor(ReportSettings settings) {
      super(settings);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      super.init(context);
      conversionIds = new Sightings(context.getStateStore(ClickStores.SEEN_CONVERSION_IDS));
    }

    @Override
    public void process(Record<String, AttributedConversion> record) {
      AttributedConversion attributed = record.value();
      if (attributed == null || attributed.getStatus() != AttributionStatus.ATTRIBUTED) {
        return;
      }
      String conversionId = attributed.getConversion().getConversionId();
      if (conversionIds.seen(conversionId, record.timestamp())) {
        return; // counted when it came first
      }
      conversionIds.add(conversionId, record.timestamp());
      addCredits(buckets, attributed, record.timestamp(), 1);
    }
  }

  /** Takes out each credit of a conversion as it was, and adds each as it is now, in the hour of the conversion. */
  static final class ConversionChangeProcessor extends ReportProcessor<ConversionChange> {
    ConversionChangeProcessor(ReportSettings settings) {
      super(settings);
    }

    @Override
    public void process(Record<String, ConversionChange> record) {
      ConversionChange change = record.value();
      if (change == null || change.getAfter().getStatus() != AttributionStatus.ATTRIBUTED) {
        return;
      }
      // in the conversion's own hour, whenever the change came
      long conversionTime = change.getAfter().getConversion().getTime().toEpochMilli();
      addCredits(buckets, change.getBefore(), conversionTime, -1);
      addCredits(buckets, change.getAfter(), conversionTime, 1);
    }
  }

  /** Adds (sign 1) or takes out (sign -1) a conversion's credits under the figures of its review status. */
  private static void addCredits(ReportBuckets buckets, AttributedConversion attributed, long conversionTime, int sign) {
    ConversionStatus status = attributed.getConversionStatus();
    if (status == ConversionStatus.REJECTED) {
      return;
    }
    for (Credit credit : attributed.getCredits()) {
      ReportKey dimensions = new ReportKey(credit.getAffiliateId(), credit.getOfferId(), credit.getCampaignId(),
          credit.getCreativeId(), credit.getS1(), attributed.getConversion().getTest(), credit.getDeviceClass(),
          credit.getBrowser(), credit.getOs(), credit.getCountry(), null);
      List<String> subIds = Arrays.asList(credit.getS2(), credit.getS3(), credit.getS4(), credit.getS5());
      // under its click's dimensions, which attribution kept with the click (older credits: no device, no s2..s5)
      buckets.add(dimensions, subIds, conversionTime, status == ConversionStatus.APPROVED
          ? new ReportCounts(0L, 0L, sign * credit.getWeight(), sign * credit.getRevenueMicros(),
              sign * credit.getPayoutMicros(), 0.0, 0L)
          : new ReportCounts(0L, 0L, 0.0, 0L, 0L, sign * credit.getWeight(), sign * credit.getPayoutMicros()));
    }
  }
}
