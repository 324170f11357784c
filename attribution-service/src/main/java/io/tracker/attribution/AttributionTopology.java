package io.tracker.attribution;

import io.tracker.attribution.state.CheckedConversion;
import io.tracker.attribution.state.DecidedConversion;
import io.tracker.attribution.state.HeldConversion;
import io.tracker.attribution.state.Touch;
import io.tracker.attribution.state.TouchKey;
import io.tracker.attribution.state.TransactionKey;
import io.tracker.events.Adjustment;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionChange;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Processed clicks + conversions -> attributed conversions. Both inputs are keyed by visitor, so a visitor's
 * clicks and conversions meet in one task without a repartition. Only conversions that carry a transaction id
 * take a detour: re-keyed by offer and transaction id so that repeats meet whichever visitor sent them, then
 * back to their visitor. Conversions are few next to clicks, so the detour costs little. Adjustments, keyed by
 * the visitor their conversion id carries, meet their conversion in the same processor; what they change goes
 * out on a topic of its own.
 */
public final class AttributionTopology {
  private AttributionTopology() {}

  /** A click or a conversion is a point in time: window stores here hold instants, not spans. */
  private static final Duration INSTANT = Duration.ofMillis(1);
  private static final String BRANCH_PREFIX = "conversions-";
  private static final String WITH_TRANSACTION = "with-transaction";
  private static final String WITHOUT_CHECK = "without-check";

  public static Topology buildTopology(AttributionConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder, config);

    Map<String, KStream<String, Conversion>> conversions = builder
        .stream(Topics.CONVERSIONS, Consumed.with(Serdes.String(), AvroSerde.of(Conversion.class)))
        .split(Named.as(BRANCH_PREFIX))
        .branch((visitor, conversion) -> conversion.getTransactionId() != null
            && !config.duplicateTransactionOffers().contains(conversion.getOfferId()), Branched.as(WITH_TRANSACTION))
        .defaultBranch(Branched.as(WITHOUT_CHECK));
    KStream<String, CheckedConversion> checked = conversions.get(BRANCH_PREFIX + WITH_TRANSACTION)
        .selectKey((visitor, conversion) -> new TransactionKey(conversion.getOfferId(), conversion.getTransactionId(),
            conversion.getEventName()),
            Named.as("by-transaction"))
        .repartition(Repartitioned.with(AvroSerde.of(TransactionKey.class), AvroSerde.of(Conversion.class))
            .withName("conversions-by-transaction"))
        .process(TransactionCheck::new, Named.as("transaction-check"), AttributionStores.ATTRIBUTION_TRANSACTIONS)
        .repartition(Repartitioned.with(Serdes.String(), AvroSerde.of(CheckedConversion.class))
            .withName("checked-conversions-by-visitor"));
    KStream<String, SpecificRecord> toDecide = conversions.get(BRANCH_PREFIX + WITHOUT_CHECK)
        .mapValues(conversion -> new CheckedConversion(conversion, null), Named.as("unchecked"))
        .merge(checked)
        .mapValues(conversion -> (SpecificRecord) conversion, Named.as("conversions-to-decide"));
    // judged clicks, or the processed clicks that earlier versions wrote
    KStream<String, SpecificRecord> clicks = builder
        .stream(Topics.PROCESSED_CLICKS, Consumed.with(Serdes.String(), ProcessedClicks.sourceSerde()));

    KStream<String, SpecificRecord> adjustments = builder
        .stream(Topics.CONVERSION_ADJUSTMENTS, Consumed.with(Serdes.String(), AvroSerde.of(Adjustment.class)))
        .mapValues(adjustment -> (SpecificRecord) adjustment, Named.as("adjustments"));

    // one processor sees both, in the order its task reads them: the click watermark and held index are per task
    Map<String, KStream<String, SpecificRecord>> published = clicks.merge(toDecide, Named.as("clicks-and-conversions"))
        .merge(adjustments, Named.as("clicks-conversions-and-adjustments"))
        .process(() -> new AttributionProcessor(config), Named.as("attribution"),
            AttributionStores.ATTRIBUTION_TOUCHES, AttributionStores.ATTRIBUTION_HELD,
            AttributionStores.ATTRIBUTION_DECISIONS, AttributionStores.ATTRIBUTION_ADJUSTED)
        .split(Named.as("published-"))
        .branch((visitor, value) -> value instanceof ConversionChange, Branched.as("changes"))
        .defaultBranch(Branched.as("decisions"));
    published.get("published-decisions").mapValues(value -> (AttributedConversion) value, Named.as("decisions"))
        .to(Topics.ATTRIBUTED_CONVERSIONS, Produced.with(Serdes.String(), AvroSerde.of(AttributedConversion.class)));
    published.get("published-changes").mapValues(value -> (ConversionChange) value, Named.as("changes"))
        .to(Topics.CONVERSION_CHANGES, Produced.with(Serdes.String(), AvroSerde.of(ConversionChange.class)));
    return builder.build();
  }

  private static void addStores(StreamsBuilder builder, AttributionConfig config) {
    // several clicks of a visitor may share a millisecond: keep them all
    builder.addStateStore(windowStore(AttributionStores.ATTRIBUTION_TOUCHES, config.historyRetention(), true,
        AvroSerde.of(TouchKey.class), AvroSerde.of(Touch.class)));
    builder.addStateStore(windowStore(AttributionStores.ATTRIBUTION_TRANSACTIONS, config.historyRetention(), false,
        AvroSerde.of(TransactionKey.class), AvroSerde.of(Conversion.class)));
    // few entries, each removed when decided (at most the grace later): no window needed
    builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(AttributionStores.ATTRIBUTION_HELD),
        Serdes.String(), AvroSerde.of(HeldConversion.class)));
    // keyed by offer with duplicates kept, so that an offer's decisions are one time-ordered range
    builder.addStateStore(windowStore(AttributionStores.ATTRIBUTION_DECISIONS, config.reportRetention(), true,
        Serdes.String(), AvroSerde.of(DecidedConversion.class)));
    // one entry per adjusted conversion, replaced by each adjustment
    builder.addStateStore(windowStore(AttributionStores.ATTRIBUTION_ADJUSTED, config.reportRetention(), false,
        Serdes.String(), AvroSerde.of(AttributedConversion.class)));
  }

  /** A RocksDB window store of instants: whole segments past the retention are dropped, nothing scans to delete. */
  private static <K, V> StoreBuilder<WindowStore<K, V>> windowStore(String name, Duration retention,
      boolean retainDuplicates, Serde<K> keys, Serde<V> values) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, INSTANT, retainDuplicates),
        keys, values);
  }

  /** The key of an offer's decisions in {@link AttributionStores#ATTRIBUTION_DECISIONS}. */
  static String decisionKey(long offerId) {
    return Long.toString(offerId);
  }
}
