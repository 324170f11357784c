package io.tracker.attribution;

import io.tracker.attribution.state.CheckedConversion;
import io.tracker.attribution.state.DecidedConversion;
import io.tracker.attribution.state.HeldConversion;
import io.tracker.attribution.state.Touch;
import io.tracker.attribution.state.TouchKey;
import io.tracker.attribution.state.TransactionKey;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.platform.RocksDbTuning;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Stores;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
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
 * back to their visitor. Conversions are few next to clicks, so the detour costs little.
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
        .selectKey((visitor, conversion) -> new TransactionKey(conversion.getOfferId(), conversion.getTransactionId()),
            Named.as("by-transaction"))
        .repartition(Repartitioned.with(AvroSerde.of(TransactionKey.class), AvroSerde.of(Conversion.class))
            .withName("conversions-by-transaction"))
        .process(TransactionCheck::new, Named.as("transaction-check"), Stores.ATTRIBUTION_TRANSACTIONS)
        .repartition(Repartitioned.with(Serdes.String(), AvroSerde.of(CheckedConversion.class))
            .withName("checked-conversions-by-visitor"));
    KStream<String, SpecificRecord> toDecide = conversions.get(BRANCH_PREFIX + WITHOUT_CHECK)
        .mapValues(conversion -> new CheckedConversion(conversion, null), Named.as("unchecked"))
        .merge(checked)
        .mapValues(conversion -> (SpecificRecord) conversion, Named.as("conversions-to-decide"));
    // judged clicks, or the processed clicks that earlier versions wrote
    KStream<String, SpecificRecord> clicks = builder
        .stream(Topics.PROCESSED_CLICKS, Consumed.with(Serdes.String(), ProcessedClicks.sourceSerde()));

    Attributor attributor = Attributor.of(config);
    // one processor sees both, in the order its task reads them: the click watermark and held index are per task
    clicks.merge(toDecide, Named.as("clicks-and-conversions"))
        .process(() -> new AttributionProcessor(attributor, config.grace()), Named.as("attribution"),
            Stores.ATTRIBUTION_TOUCHES, Stores.ATTRIBUTION_HELD, Stores.ATTRIBUTION_DECISIONS)
        .to(Topics.ATTRIBUTED_CONVERSIONS, Produced.with(Serdes.String(), AvroSerde.of(AttributedConversion.class)));
    return builder.build();
  }

  private static void addStores(StreamsBuilder builder, AttributionConfig config) {
    // several clicks of a visitor may share a millisecond: keep them all
    builder.addStateStore(windowStore(Stores.ATTRIBUTION_TOUCHES, config.historyRetention(), true,
        AvroSerde.of(TouchKey.class), AvroSerde.of(Touch.class)));
    builder.addStateStore(windowStore(Stores.ATTRIBUTION_TRANSACTIONS, config.historyRetention(), false,
        AvroSerde.of(TransactionKey.class), AvroSerde.of(Conversion.class)));
    // few entries, each removed when decided (at most the grace later): no window needed
    builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.ATTRIBUTION_HELD),
        Serdes.String(), AvroSerde.of(HeldConversion.class)));
    // keyed by offer with duplicates kept, so that an offer's decisions are one time-ordered range
    builder.addStateStore(windowStore(Stores.ATTRIBUTION_DECISIONS, config.reportRetention(), true,
        Serdes.String(), AvroSerde.of(DecidedConversion.class)));
  }

  /** A RocksDB window store of instants: whole segments past the retention are dropped, nothing scans to delete. */
  private static <K, V> StoreBuilder<WindowStore<K, V>> windowStore(String name, Duration retention,
      boolean retainDuplicates, Serde<K> keys, Serde<V> values) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, INSTANT, retainDuplicates),
        keys, values);
  }

  /** The key of an offer's decisions in {@link Stores#ATTRIBUTION_DECISIONS}. */
  static String decisionKey(long offerId) {
    return Long.toString(offerId);
  }

  public static Properties streamsConfig(AttributionConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    RocksDbTuning.configure(props, config.rocksdbBlockCache(), config.rocksdbWriteBuffers());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.queryAddress());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    // static membership: an instance restarted after a crash takes its partitions back at once, instead of
    // after the session timeout of the member that died
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        (config.applicationId() + "-" + config.queryHost() + "-" + config.queryPort()).replaceAll("[^A-Za-z0-9._-]", "_"));
    // every click is a changelog record: bigger compressed batches spare the brokers
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    // process what is buffered without waiting on the other topics: order across clicks and conversions is not
    // needed (a conversion waits for its clicks), and Kafka's default formats idling reasons for every record
    // while the sparse conversion partitions are empty
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // Kafka 5's default, taken now: the app has no global state, and Kafka warns at every start without it
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return props;
  }
}
