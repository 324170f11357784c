package io.tracker.clicks;

import io.tracker.clickstate.Tally;
import io.tracker.schemas.AvroSerde;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Clicks per IP in one-second buckets of event time: a click that makes its IP exceed the limit within the
 * window (its own second and the ones before it) is a bot's. Buckets bound the work per click to the seconds
 * of one window, however many clicks an IP sends. Counted per partition, see the README.
 */
final class IpClickRates {
  static final long SECOND_MILLIS = 1_000;

  private final WindowStore<String, Tally> store;
  private final int limit;
  private final Duration window;

  IpClickRates(WindowStore<String, Tally> store, int limit, Duration window) {
    this.store = store;
    this.limit = limit;
    this.window = window;
  }

  static StoreBuilder<WindowStore<String, Tally>> storeBuilder(String name, Duration retention) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
            org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention,
                Duration.ofMillis(SECOND_MILLIS), false),
            Serdes.String(), AvroSerde.of(Tally.class))
        // a busy IP hits the same second many times between two commits
        .withCachingEnabled();
  }

  /** Counts the click; the reason when it takes its IP over the limit. */
  Optional<String> count(String ip, long timeMillis) {
    if (ip == null) {
      return Optional.empty();
    }
    long second = timeMillis - Math.floorMod(timeMillis, SECOND_MILLIS);
    Tally clicksInSecond = store.fetch(ip, second);
    store.put(ip, new Tally(clicksInSecond == null ? 1 : clicksInSecond.getCount() + 1), second);
    long clicks = 0;
    try (WindowStoreIterator<Tally> seconds = store.fetch(ip, second - window.toMillis() + SECOND_MILLIS, second)) {
      while (seconds.hasNext()) {
        clicks += seconds.next().value.getCount();
      }
    }
    if (clicks <= limit) {
      return Optional.empty();
    }
    return Optional.of(clicks + " clicks from IP " + ip + " within " + window.toSeconds() + " s (limit " + limit + ")");
  }
}
