package io.tracker.clicks;

import com.carrotsearch.hppc.LongHashSet;

/**
 * Which keys a task wrote to each of a store's newest two time buckets, as far as it can know, so that it reads
 * RocksDB only for a key that may be there: a key never added to a known bucket is certainly absent.
 *
 * <p>A bucket is known when every write to it went through here. Every write of the task does, and the store
 * holds besides only what the task's earlier runs committed; each of those writes fell in the bucket of an event
 * time no later than the stream time committed with it (the newest event time of the task's partitions, which
 * Kafka Streams restores with the offsets). So the buckets after the one of the committed stream time are known,
 * and all of them when nothing was ever committed: then the stores are empty (exactly-once), or hold only what the
 * task processes again from the start. Older buckets, buckets that fell behind the newest two, and buckets with more
 * keys than memory is given for are unknown, and read from RocksDB.
 */
final class KnownKeys {
  /** At most this many keys per bucket and store of a task in memory (8 MB of primitive longs): beyond it, RocksDB. */
  static final int MAX_PER_BUCKET = 1 << 19;

  private final long bucket;
  private final int maxPerBucket;
  private final long knownFrom;
  /** The start of the newest bucket, and the keys added to it and to the one before; null when unknown. */
  private long newestStart = Long.MIN_VALUE;
  private LongHashSet newest;
  private LongHashSet previous;

  /**
   * {@code committedStreamTime}: the task's stream time when its processors start, before their first record
   * ({@code ProcessorContext.currentStreamTimeMs()} in {@code init}), negative when the task never committed.
   */
  KnownKeys(long bucket, int maxPerBucket, long committedStreamTime) {
    this.bucket = bucket;
    this.maxPerBucket = maxPerBucket;
    this.knownFrom = firstUnwrittenBucket(committedStreamTime, bucket);
  }

  /**
   * The start of the first bucket that no earlier run of the task can have written to: the one after the bucket of
   * the stream time it committed, or any bucket when it never committed (a negative stream time).
   */
  static long firstUnwrittenBucket(long committedStreamTime, long bucket) {
    return committedStreamTime < 0 ? Long.MIN_VALUE
        : committedStreamTime - Math.floorMod(committedStreamTime, bucket) + bucket;
  }

  /** Keeps the buckets of the newest event time and the one before it. */
  void advanceTo(long streamTime) {
    long start = start(streamTime);
    if (start > newestStart) {
      previous = start - bucket == newestStart ? newest : startingAt(start - bucket);
      newest = startingAt(start);
      newestStart = start;
    }
  }

  /** True when the bucket (its start) is known and the key was never added to it. */
  boolean absent(long bucketStart, long key) {
    LongHashSet keys = keysOf(bucketStart);
    return keys != null && !keys.contains(key);
  }

  void add(long bucketStart, long key) {
    LongHashSet keys = keysOf(bucketStart);
    if (keys != null && keys.add(key) && keys.size() > maxPerBucket) {
      if (keys == newest) {
        newest = null;
      } else {
        previous = null;
      }
    }
  }

  private LongHashSet keysOf(long bucketStart) {
    if (bucketStart == newestStart) {
      return newest;
    }
    return bucketStart == newestStart - bucket ? previous : null;
  }

  /** An empty set for a bucket no run before wrote to, null for one it may have. */
  private LongHashSet startingAt(long bucketStart) {
    return bucketStart >= knownFrom ? new LongHashSet() : null;
  }

  private long start(long time) {
    return time - Math.floorMod(time, bucket);
  }
}
