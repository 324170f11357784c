package io.tracker.attribution;

import io.tracker.attribution.state.DecidedConversion;
import io.tracker.schemas.Stores;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * This instance's decided conversions, read partition by partition from active tasks only: a partition that
 * moved away in a rebalance fails the read (503) instead of being left out or counted twice.
 */
final class LocalDecisions {
  private final KafkaStreams streams;
  private final Attributor attributor;

  LocalDecisions(KafkaStreams streams, Attributor attributor) {
    this.streams = streams;
    this.attributor = attributor;
  }

  /** The rules the decisions were made with, to recompute them under other models. */
  Attributor attributor() {
    return attributor;
  }

  /** Every decision with a conversion time in [from, to), of one offer or (offerId null) of all of them. */
  void forEach(Set<Integer> partitions, Long offerId, Instant from, Instant to, Consumer<DecidedConversion> each) {
    // the store's ranges include both ends; a report's end is exclusive
    Instant last = to.minusMillis(1);
    for (int partition : partitions) {
      try {
        ReadOnlyWindowStore<String, DecidedConversion> store = streams.store(StoreQueryParameters
            .fromNameAndType(Stores.ATTRIBUTION_DECISIONS, QueryableStoreTypes.<String, DecidedConversion>windowStore())
            .withPartition(partition));
        if (offerId != null) {
          try (WindowStoreIterator<DecidedConversion> decided =
              store.fetch(AttributionTopology.decisionKey(offerId), from, last)) {
            decided.forEachRemaining(entry -> each.accept(entry.value));
          }
        } else {
          try (KeyValueIterator<Windowed<String>, DecidedConversion> decided = store.fetchAll(from, last)) {
            decided.forEachRemaining(entry -> each.accept(entry.value));
          }
        }
      } catch (InvalidStateStoreException e) {
        throw new ApiRequests.Unavailable("partition " + partition + " of attribution is not active here; retry", e);
      }
    }
  }
}
