package io.tracker.attribution;

import io.tracker.attribution.state.DecidedConversion;
import io.tracker.events.AttributedConversion;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.cluster.LocalStores;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * This instance's decided conversions, read partition by partition from active tasks only: a partition that
 * moved away in a rebalance fails the read (503) instead of being left out or counted twice. The attributor holds
 * the rules the decisions were made with, to recompute them under other models.
 */
record LocalDecisions(LocalStores stores, Attributor attributor) {

  /**
   * Every conversion with a time in [from, to), of one offer or (offerId null) of all of them, as it stands now: its
   * decision with the adjustments applied since.
   */
  void forEachCurrent(Set<Integer> partitions, Long offerId, Instant from, Instant to,
      Consumer<AttributedConversion> each) {
    for (int partition : partitions) {
      ReadOnlyWindowStore<String, AttributedConversion> adjusted = stores.store(
          AttributionStores.ATTRIBUTION_ADJUSTED, QueryableStoreTypes.windowStore(), partition);
      forEach(Set.of(partition), offerId, from, to, decided -> {
        AttributedConversion decision = decided.getDecision();
        try {
          AttributedConversion current = adjusted.fetch(decision.getConversion().getConversionId(),
              decision.getConversion().getTime().toEpochMilli());
          each.accept(current != null ? current : decision);
        } catch (InvalidStateStoreException e) {
          throw new HttpErrors.Unavailable("partition " + partition + " of attribution moved while it was read", e);
        }
      });
    }
  }

  /** Every decision with a conversion time in [from, to), of one offer or (offerId null) of all of them. */
  void forEach(Set<Integer> partitions, Long offerId, Instant from, Instant to, Consumer<DecidedConversion> each) {
    // the store's ranges include both ends; a report's end is exclusive
    Instant last = to.minusMillis(1);
    for (int partition : partitions) {
      ReadOnlyWindowStore<String, DecidedConversion> store = stores.store(AttributionStores.ATTRIBUTION_DECISIONS,
          QueryableStoreTypes.windowStore(), partition);
      try {
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
        throw new HttpErrors.Unavailable("partition " + partition + " of attribution moved while it was read", e);
      }
    }
  }
}
