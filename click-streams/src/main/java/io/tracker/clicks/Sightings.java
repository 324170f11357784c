package io.tracker.clicks;

import io.tracker.clickstate.Sighting;
import io.tracker.schemas.AvroSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Events seen under their id at their event time, in a window store that drops whole segments past its retention:
 * "was this conversion counted already?" is one point look-up at the conversion's time.
 */
final class Sightings {
  private final WindowStore<String, Sighting> store;

  Sightings(WindowStore<String, Sighting> store) {
    this.store = store;
  }

  static StoreBuilder<WindowStore<String, Sighting>> storeBuilder(String name, Duration retention) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), false),
        Serdes.String(), AvroSerde.of(Sighting.class));
  }

  /** True when this event was seen at exactly this time. */
  boolean seen(String eventId, long timeMillis) {
    return store.fetch(eventId, timeMillis) != null;
  }

  void add(String eventId, long timeMillis) {
    store.put(eventId, new Sighting(eventId), timeMillis);
  }
}
