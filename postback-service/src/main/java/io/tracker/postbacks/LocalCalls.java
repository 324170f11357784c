package io.tracker.postbacks;

import io.tracker.events.PostbackCallState;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.cluster.LocalStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** This instance's postback calls, read partition by partition from active tasks only (else 503). */
final class LocalCalls {
  private final LocalStores stores;

  LocalCalls(LocalStores stores) {
    this.stores = stores;
  }

  /** The calls of conversions whose time lies in [from, to) that match: one range of each partition's store. */
  List<PostbackCallState> calls(Set<Integer> partitions, Instant from, Instant to, Predicate<PostbackCallState> matches) {
    List<PostbackCallState> found = new ArrayList<>();
    for (int partition : partitions) {
      ReadOnlyKeyValueStore<CallKey, PostbackCallState> store = stores.store(PostbackStores.CALLS,
          QueryableStoreTypes.keyValueStore(), partition);
      try (KeyValueIterator<CallKey, PostbackCallState> calls = store.range(CallKey.first(from), CallKey.first(to))) {
        calls.forEachRemaining(entry -> {
          if (matches.test(entry.value)) {
            found.add(entry.value);
          }
        });
      } catch (InvalidStateStoreException e) {
        throw new HttpErrors.Unavailable("partition " + partition + " of the postback calls moved while it was read", e);
      }
    }
    return found;
  }
}
