package io.tracker.clicks;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * One record per key that expires by itself: the records sit in time buckets of a RocksDB window store, each
 * bucket as long as the horizon its records must reach (the store's segments), under the bucket of the
 * partition's stream time. A read looks in the current bucket, then in the one before; a write goes to the
 * current one, so a record still in use is carried forward, and the bucket before drops as a whole segment once
 * stream time has moved a bucket further. No punctuator, no scan: a read is one or two point look-ups, a write
 * one put. A record that nobody wrote for a whole bucket is gone; its holder prunes what it keeps to the horizon.
 */
final class BucketedStore<V> {
  private final WindowStore<Bytes, V> store;
  private final long bucket;

  BucketedStore(WindowStore<Bytes, V> store, Duration bucket) {
    this.store = store;
    this.bucket = bucket.toMillis();
  }

  /**
   * A window store whose segments are the buckets: Kafka Streams cuts a window store's retention into segments
   * of half of it (for retentions over two minutes), and a retention of one bucket and a millisecond keeps the
   * bucket before the current one readable and drops the one before that.
   */
  static <V> StoreBuilder<WindowStore<Bytes, V>> storeBuilder(String name, Duration bucket, Serde<V> values) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, bucket.plusMillis(1), Duration.ofMillis(1),
            false),
        Serdes.Bytes(), values);
  }

  /** The key's record as of stream time {@code now}, or null. */
  V get(Bytes key, long now) {
    long current = bucketOf(now);
    V found = store.fetch(key, current);
    if (found == null && current >= bucket) {
      found = store.fetch(key, current - bucket);
    }
    return found;
  }

  void put(Bytes key, V value, long now) {
    store.put(key, value, bucketOf(now));
  }

  /** The start of the bucket that a write at stream time {@code now} goes to. */
  long bucketOf(long now) {
    return now - Math.floorMod(now, bucket);
  }
}
