package io.tracker.clicks;

import io.tracker.clickstate.Sighting;
import io.tracker.schemas.AvroSerde;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Events seen under a key at their event time, in a window store that drops whole segments past its retention:
 * "was one seen near this time?" for double taps, visits of an offer and conversion ids. Near looks
 * both ways in event time, so an event that arrives late is judged against those that arrived before it.
 */
final class Sightings {
  /** A window store holds points here: each entry is one event at its time. */
  private static final Duration POINT = Duration.ofMillis(1);

  /** An event seen before, and its event time. */
  record Match(String eventId, long timeMillis) {}

  private final WindowStore<String, Sighting> store;

  Sightings(WindowStore<String, Sighting> store) {
    this.store = store;
  }

  static StoreBuilder<WindowStore<String, Sighting>> storeBuilder(String name, Duration retention) {
    return pointStore(name, retention, AvroSerde.of(Sighting.class));
  }

  /** A window store of events at their event time under a string key, dropping whole segments past retention. */
  static <V> StoreBuilder<WindowStore<String, V>> pointStore(String name, Duration retention, Serde<V> values) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, POINT, false),
        Serdes.String(), values);
  }

  /** The earliest event under this key less than window apart from timeMillis, either way. */
  Optional<Match> near(String key, long timeMillis, Duration window) {
    long reach = window.toMillis() - 1;
    if (reach < 0) {
      return Optional.empty();
    }
    try (WindowStoreIterator<Sighting> seen = store.fetch(key, Math.max(0, timeMillis - reach), timeMillis + reach)) {
      if (!seen.hasNext()) {
        return Optional.empty();
      }
      KeyValue<Long, Sighting> first = seen.next();
      return Optional.of(new Match(first.value.getEventId(), first.key));
    }
  }

  /** The event under exactly this key and time, if seen. */
  Optional<Match> at(String key, long timeMillis) {
    return near(key, timeMillis, POINT);
  }

  void add(String key, long timeMillis, String eventId) {
    store.put(key, new Sighting(eventId), timeMillis);
  }
}
