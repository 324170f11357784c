package io.tracker.clicks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Clicks per IP, counted per second of event time: a click that takes its IP over the limit within the window
 * (its own second and the ones before it) is a bot's. One record per IP and window-long bucket holds the counts
 * of that bucket's seconds, so a click reads two records (its bucket and the one before) and writes one, however
 * many clicks the IP sends; the IP is a 64-bit hash. Most clicks come from an IP that has no record in either
 * bucket: the task keeps in memory which IPs it wrote in its newest two buckets ({@link KnownKeys}), and reads
 * RocksDB only for those, for a late click, and for buckets that a run of the task before this one may have
 * written. Counted per partition, see the README.
 */
final class IpClickRates {
  static final long SECOND_MILLIS = 1_000;

  private final WindowStore<Bytes, Seconds> store;
  private final int limit;
  private final long window;
  private final KnownKeys known;

  /** {@code committedStreamTime}: the task's stream time when it starts, see {@link KnownKeys}. */
  IpClickRates(WindowStore<Bytes, Seconds> store, int limit, Duration window, long committedStreamTime) {
    this.store = store;
    this.limit = limit;
    this.window = window.toMillis();
    this.known = new KnownKeys(this.window, KnownKeys.MAX_PER_BUCKET, committedStreamTime);
  }

  /** Kept lateArrivalLimit behind the newest click, and the window before that, for a click that late. */
  static StoreBuilder<WindowStore<Bytes, Seconds>> storeBuilder(String name, Duration lateArrivalLimit,
      Duration window) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, lateArrivalLimit.plus(window.multipliedBy(2)),
            window, false),
        Serdes.Bytes(), Seconds.SERDE);
  }

  /**
   * Counts the click; the number of clicks within the window when it takes its IP over the limit. {@code streamTime}
   * is the task's newest event time: which buckets are the newest two.
   */
  Optional<Integer> count(String ip, long timeMillis, long streamTime) {
    if (ip == null) {
      return Optional.empty();
    }
    long hash = Hash64.of(ip);
    Bytes key = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(hash).array());
    long second = timeMillis - Math.floorMod(timeMillis, SECOND_MILLIS);
    long bucket = second - Math.floorMod(second, window);
    known.advanceTo(streamTime);
    Seconds current = known.absent(bucket, hash) ? null : store.fetch(key, bucket);
    current = current == null ? new Seconds() : current;
    current.add((int) ((second - bucket) / SECOND_MILLIS));
    store.put(key, current, bucket);
    known.add(bucket, hash);
    // the seconds of the window: [second - window + 1 s, second], in this bucket and the one before
    long clicks = current.sumUpTo((int) ((second - bucket) / SECOND_MILLIS));
    long previous = bucket - window;
    Seconds before = previous >= 0 && !known.absent(previous, hash) ? store.fetch(key, previous) : null;
    if (before != null) {
      clicks += before.sumFrom((int) ((second - window + SECOND_MILLIS - previous) / SECOND_MILLIS));
    }
    return clicks > limit ? Optional.of((int) clicks) : Optional.empty();
  }

  /**
   * The click counts of one bucket's seconds, by second within the bucket. Stored as the number of seconds with
   * clicks, then per second its number in the bucket and its count (varints).
   */
  static final class Seconds {
    static final Serde<Seconds> SERDE = Serdes.serdeFrom(
        (Serializer<Seconds>) (topic, seconds) -> seconds == null ? null : seconds.encode(),
        (Deserializer<Seconds>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    private int[] seconds = new int[1];
    private int[] counts = new int[1];
    private int size;

    void add(int second) {
      int at = 0;
      while (at < size && seconds[at] < second) {
        at++;
      }
      if (at < size && seconds[at] == second) {
        counts[at]++;
        return;
      }
      if (size == seconds.length) {
        seconds = Arrays.copyOf(seconds, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
      }
      System.arraycopy(seconds, at, seconds, at + 1, size - at);
      System.arraycopy(counts, at, counts, at + 1, size - at);
      seconds[at] = second;
      counts[at] = 1;
      size++;
    }

    long sumUpTo(int last) {
      long sum = 0;
      for (int i = 0; i < size && seconds[i] <= last; i++) {
        sum += counts[i];
      }
      return sum;
    }

    long sumFrom(int first) {
      long sum = 0;
      for (int i = size - 1; i >= 0 && seconds[i] >= first; i--) {
        sum += counts[i];
      }
      return sum;
    }

    private byte[] encode() {
      ByteBuffer out = ByteBuffer.allocate(5 + size * 10);
      ByteUtils.writeUnsignedVarint(size, out);
      for (int i = 0; i < size; i++) {
        ByteUtils.writeUnsignedVarint(seconds[i], out);
        ByteUtils.writeUnsignedVarint(counts[i], out);
      }
      return Arrays.copyOf(out.array(), out.position());
    }

    private static Seconds decode(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      Seconds decoded = new Seconds();
      int size = ByteUtils.readUnsignedVarint(in);
      decoded.seconds = new int[Math.max(size, 1)];
      decoded.counts = new int[Math.max(size, 1)];
      for (int i = 0; i < size; i++) {
        decoded.seconds[i] = ByteUtils.readUnsignedVarint(in);
        decoded.counts[i] = ByteUtils.readUnsignedVarint(in);
      }
      decoded.size = size;
      return decoded;
    }
  }
}
