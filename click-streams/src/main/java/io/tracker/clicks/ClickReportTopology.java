package io.tracker.clicks;

import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.events.ProcessedClick;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Processed clicks (handed on by {@link ClickDispositionTopology#PROCESSOR} in the same task) and attributed
 * conversions -> hourly report buckets. Both topics are keyed by visitor, so a conversion's credits meet their
 * clicks in the same task: a credit takes device, browser, OS and sub ids from its click, read from the
 * processed clicks by id. Each task adds its own partitions to its own stores: there is no repartition, so one
 * report key may have partial sums in several tasks, and queries add them up (see {@link ClusterReports}).
 */
final class ClickReportTopology {
  private ClickReportTopology() {}

  private static final String CONVERSION_SOURCE = "attributed-conversions";
  private static final String CLICK_PROCESSOR = "click-report";
  private static final String CONVERSION_PROCESSOR = "conversion-report";

  /** Needs {@link ClickDispositionTopology} in the same topology: it feeds the clicks and keeps them by id. */
  static Topology buildTopology(Topology topology, ReportSettings settings) {
    topology
        .addSource(CONVERSION_SOURCE, Serdes.String().deserializer(), AvroSerde.of(AttributedConversion.class),
            Topics.ATTRIBUTED_CONVERSIONS)
        .addProcessor(CLICK_PROCESSOR, () -> new ClickReportProcessor(settings), ClickDispositionTopology.PROCESSOR)
        .addProcessor(CONVERSION_PROCESSOR, () -> new ConversionReportProcessor(settings), CONVERSION_SOURCE)
        .connectProcessorAndStateStores(CONVERSION_PROCESSOR, ClickStores.PROCESSED_CLICKS)
        .addStateStore(Sightings.storeBuilder(ClickStores.SEEN_CONVERSION_IDS, settings.lateArrivalLimit()),
            CONVERSION_PROCESSOR);
    ReportBuckets.storeBuilders(settings.reportRetention())
        .forEach(store -> topology.addStateStore(store, CLICK_PROCESSOR, CONVERSION_PROCESSOR));
    return topology;
  }

  /** The low-cardinality dimensions of a click; device, browser and os come from its user agent. */
  static ReportKey reportKey(ProcessedClick processed) {
    Click click = processed.getClick();
    return ReportKey.newBuilder()
        .setAffiliateId(click.getAffiliateId())
        .setOfferId(ClickDispositionTopology.offerIdOf(click))
        .setCampaignId(click.getCampaignId() == null ? 0 : click.getCampaignId())
        .setCreativeId(click.getCreativeId())
        .setS1(click.getS1())
        .setTest(click.getTest())
        .setDevice(processed.getDeviceClass())
        .setBrowser(processed.getBrowser())
        .setOs(processed.getOs())
        .build();
  }

  static List<String> subIdValues(Click click) {
    return Arrays.asList(click.getS2(), click.getS3(), click.getS4(), click.getS5());
  }

  /** Counts each processed click in the hour it happened: every click in totalClicks, unique ones in clicks. */
  static final class ClickReportProcessor implements Processor<String, ProcessedClick, Void, Void> {
    private final ReportSettings settings;
    private ReportBuckets buckets;

    ClickReportProcessor(ReportSettings settings) {
      this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      buckets = new ReportBuckets(context, settings.subIdRowsPerHour());
    }

    @Override
    public void process(Record<String, ProcessedClick> record) {
      ProcessedClick processed = record.value();
      Click click = processed.getClick();
      long unique = processed.getDisposition() == Disposition.UNIQUE ? 1 : 0;
      // conversions and money come from attributed conversions, not from clicks
      buckets.add(reportKey(processed), subIdValues(click), record.timestamp(),
          new ReportCounts(unique, 1L, 0.0, 0L, 0L));
    }
  }

  /**
   * Adds each credit of an attributed conversion in the hour of the conversion: its weight to conversions, its
   * money to revenue and payout. A conversion id counts once; other statuses carry no credit.
   */
  static final class ConversionReportProcessor implements Processor<String, AttributedConversion, Void, Void> {
    private final ReportSettings settings;
    private WindowStore<String, ProcessedClick> processedClicks;
    private Sightings conversionIds;
    private ReportBuckets buckets;

    ConversionReportProcessor(ReportSettings settings) {
      this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      processedClicks = context.getStateStore(ClickStores.PROCESSED_CLICKS);
      conversionIds = new Sightings(context.getStateStore(ClickStores.SEEN_CONVERSION_IDS));
      buckets = new ReportBuckets(context, settings.subIdRowsPerHour());
    }

    @Override
    public void process(Record<String, AttributedConversion> record) {
      AttributedConversion attributed = record.value();
      if (attributed == null || attributed.getStatus() != AttributionStatus.ATTRIBUTED) {
        return;
      }
      String conversionId = attributed.getConversion().getConversionId();
      if (conversionIds.at(conversionId, record.timestamp()).isPresent()) {
        return; // counted when it came first
      }
      conversionIds.add(conversionId, record.timestamp(), conversionId);
      for (Credit credit : attributed.getCredits()) {
        addCredit(credit, attributed.getConversion().getTest(), record.timestamp());
      }
    }

    private void addCredit(Credit credit, boolean test, long conversionTime) {
      // past the click retention the click is gone: the credit then counts without device and sub ids
      ProcessedClick click = processedClicks.fetch(credit.getClickId(), credit.getClickTime().toEpochMilli());
      ReportKey dimensions = ReportKey.newBuilder()
          .setAffiliateId(credit.getAffiliateId())
          .setOfferId(credit.getOfferId())
          .setCampaignId(credit.getCampaignId())
          .setCreativeId(credit.getCreativeId())
          .setS1(credit.getS1())
          .setTest(test)
          .setDevice(click == null ? null : click.getDeviceClass())
          .setBrowser(click == null ? null : click.getBrowser())
          .setOs(click == null ? null : click.getOs())
          .build();
      List<String> subIds = click == null
          ? Collections.nCopies(ReportBuckets.SUB_ID_SLOTS.size(), null) : subIdValues(click.getClick());
      buckets.add(dimensions, subIds, conversionTime,
          new ReportCounts(0L, 0L, credit.getWeight(), credit.getRevenueMicros(), credit.getPayoutMicros()));
    }
  }
}
