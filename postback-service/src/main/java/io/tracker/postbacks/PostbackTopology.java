package io.tracker.postbacks;

import io.tracker.events.AttributedConversion;
import io.tracker.events.ConversionChange;
import io.tracker.events.PostbackAttempt;
import io.tracker.events.PostbackCall;
import io.tracker.events.PostbackCallState;
import io.tracker.platform.Catalog;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Attributed conversions (as decided, and as approved later) -> postback calls -> call states. The first step
 * decides, with the catalog's postbacks,
 * which calls a conversion makes ({@link FiringRules}) and writes them, keyed by call id, exactly-once before anything
 * is sent. The second folds the calls and the sender's attempts (same key, same partitions) into each call's state
 * and publishes the pending ones for the sender. No HTTP call is ever made on a stream thread.
 */
final class PostbackTopology {
  private PostbackTopology() {}

  static Topology build(Duration reportRetention, Supplier<Catalog> catalog) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PostbackStores.CALLS),
        CallKey.SERDE, AvroSerde.of(PostbackCallState.class)));

    KStream<String, AttributedConversion> approvedLater = builder
        .stream(Topics.CONVERSION_CHANGES, Consumed.with(Serdes.String(), AvroSerde.of(ConversionChange.class)))
        .mapValues(FiringRules::approval, Named.as("approvals"))
        .filter((visitor, approved) -> approved != null, Named.as("approved"));
    builder.stream(Topics.ATTRIBUTED_CONVERSIONS,
            Consumed.with(Serdes.String(), AvroSerde.of(AttributedConversion.class)))
        .merge(approvedLater, Named.as("decided-and-approved"))
        .flatMap((visitor, decision) -> FiringRules.calls(decision, catalog.get()).stream()
            .map(call -> KeyValue.pair(call.getCallId(), call)).toList(), Named.as("decide-calls"))
        .to(Topics.POSTBACK_CALLS, Produced.with(Serdes.String(), AvroSerde.of(PostbackCall.class)));

    KStream<String, SpecificRecord> calls = builder
        .stream(Topics.POSTBACK_CALLS, Consumed.with(Serdes.String(), AvroSerde.of(PostbackCall.class)))
        .mapValues(call -> (SpecificRecord) call, Named.as("calls"));
    KStream<String, SpecificRecord> attempts = builder
        .stream(Topics.POSTBACK_ATTEMPTS, Consumed.with(Serdes.String(), AvroSerde.of(PostbackAttempt.class)))
        .mapValues(attempt -> (SpecificRecord) attempt, Named.as("attempts"));
    calls.merge(attempts, Named.as("calls-and-attempts"))
        .process(() -> new CallStates(reportRetention), Named.as("call-states"), PostbackStores.CALLS)
        .to(Topics.POSTBACK_PENDING, Produced.with(Serdes.String(), AvroSerde.of(PostbackCallState.class)));
    return builder.build();
  }
}
