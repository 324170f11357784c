package io.tracker.clicks;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongObjectHashMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Clicks per IP, counted per second of event time: a click that takes its IP over the limit within the window
 * (its own second and the ones before it) is a bot's. Time is cut into window-long buckets; a click reads its IP's
 * clicks in its bucket and in the one before. The IP is a 64-bit hash.
 *
 * <p>Most IPs click once in a bucket. Their first click is not a record of its own: the task keeps each bucket's
 * IPs in memory, and journals the first clicks of a commit in a few records per bucket ({@link #writeAtCommit},
 * at each commit, inside its transaction). Only an IP's second click in a bucket writes a record for the IP (the
 * counts of its seconds, {@link Seconds}), which it keeps from then on. So an IP that the bucket in memory does not
 * hold has no clicks there, and one that it holds with its first click only reads nothing. An IP's record is
 * written once per commit, however often it clicked since, and held in memory in between: an IP that clicks all
 * the time (a carrier's NAT, an office, a bot) reads and writes RocksDB and its changelog once per commit, not per
 * click.
 *
 * <p>The buckets in memory are the ones clicked since the task started, the newest {@link #BUCKETS_KEPT} of them
 * after each commit. A bucket that an earlier run of the task (or an earlier version, which wrote a record for every
 * IP) may have written to, or that fell out of memory, is read back from its journal, and its IPs' records are then
 * looked for in RocksDB. Which buckets no earlier run wrote to follows from the committed stream time, as for
 * {@link KnownKeys}. Counted per partition, see the README.
 */
final class IpClickRates {
  static final long SECOND_MILLIS = 1_000;
  /** Buckets kept in memory after a commit: the newest two, which every click reads, and two for late clicks. */
  static final int BUCKETS_KEPT = 4;
  /** At most this many IPs per bucket in memory (about 10 MB): beyond it, a first click is a record of its own. */
  static final int MAX_IPS_PER_BUCKET = 1 << 19;
  /** Records of IPs held in memory per bucket after a commit (about 2 MB): beyond it they are let go. */
  static final int MAX_RECORDS_HELD = 1 << 14;
  /** First clicks per journal record: about 80 KB. */
  private static final int FIRST_CLICKS_PER_RECORD = 8_192;

  private final WindowStore<Bytes, Seconds> store;
  private final WindowStore<Bytes, byte[]> journal;
  private final int limit;
  private final long window;
  private final int maxIpsPerBucket;
  /** The first bucket that no earlier run of the task can have written to. */
  private final long knownFrom;
  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  /** The newest bucket dropped from memory: one not in memory and not after it was never in memory. */
  private long droppedUpTo = Long.MIN_VALUE;

  /**
   * {@code committedStreamTime}: the task's stream time when its processors start, negative when it never
   * committed (see {@link KnownKeys}).
   */
  private IpClickRates(WindowStore<Bytes, Seconds> store, WindowStore<Bytes, byte[]> journal, int limit,
      Duration window, long committedStreamTime, int maxIpsPerBucket) {
    this.store = store;
    this.journal = journal;
    this.limit = limit;
    this.window = window.toMillis();
    this.maxIpsPerBucket = maxIpsPerBucket;
    this.knownFrom = KnownKeys.firstUnwrittenBucket(committedStreamTime, this.window);
  }

  /**
   * The IPs' records and the journal of first clicks, each kept lateArrivalLimit behind the newest click and the
   * window before that, for a click that late; and the hook that journals at each commit.
   */
  static List<StoreBuilder<?>> storeBuilders(Duration lateArrivalLimit, Duration window) {
    Duration retention = lateArrivalLimit.plus(window.multipliedBy(2));
    return List.of(
        Stores.windowStoreBuilder(Stores.persistentWindowStore(ClickStores.IP_RATES, retention, window, false),
            Serdes.Bytes(), Seconds.SERDE),
        Stores.windowStoreBuilder(Stores.persistentWindowStore(ClickStores.IP_FIRST_CLICKS, retention, window, false),
            Serdes.Bytes(), Serdes.ByteArray()),
        CommitHook.storeBuilder(ClickStores.IP_FIRST_CLICKS_AT_COMMIT));
  }

  /** The IP rates of a task, as its processor sees them at init: journaled at each of the task's commits. */
  static IpClickRates of(ProcessingContext context, int limit, Duration window) {
    return of(context, limit, window, MAX_IPS_PER_BUCKET);
  }

  /** The same with fewer IPs per bucket in memory, for a test of what happens past them. */
  static IpClickRates of(ProcessingContext context, int limit, Duration window, int maxIpsPerBucket) {
    IpClickRates rates = new IpClickRates(context.getStateStore(ClickStores.IP_RATES),
        context.getStateStore(ClickStores.IP_FIRST_CLICKS), limit, window, context.currentStreamTimeMs(),
        maxIpsPerBucket);
    context.<CommitHook>getStateStore(ClickStores.IP_FIRST_CLICKS_AT_COMMIT).beforeEachCommit(rates::writeAtCommit);
    return rates;
  }

  /** Counts the click; the number of clicks within the window when it takes its IP over the limit. */
  Optional<Integer> count(String ip, long timeMillis) {
    if (ip == null) {
      return Optional.empty();
    }
    long hash = Hash64.of(ip);
    Bytes key = BytesStores.keyOf(hash);
    long second = timeMillis - Math.floorMod(timeMillis, SECOND_MILLIS);
    long start = bucketOf(second);
    int at = (int) ((second - start) / SECOND_MILLIS);
    Bucket bucket = bucket(start);
    Seconds current = bucket.clicksOf(hash, key);
    long clicks;
    if (current == null && bucket.ips.size() < maxIpsPerBucket) {
      bucket.firstClick(hash, at);
      clicks = 1;
    } else {
      current = current == null ? new Seconds() : current;
      current.add(at);
      bucket.recorded(hash, current);
      // the seconds of the window: [second - window + 1 s, second], in this bucket and the one before
      clicks = current.sumUpTo(at);
    }
    long previous = start - window;
    if (previous >= 0) {
      Seconds before = bucket(previous).clicksOf(hash, key);
      if (before != null) {
        clicks += before.sumFrom((int) ((second - window + SECOND_MILLIS - previous) / SECOND_MILLIS));
      }
    }
    return clicks > limit ? Optional.of((int) clicks) : Optional.empty();
  }

  /**
   * Journals the first clicks since the last commit, writes the records of the IPs that clicked again, and keeps
   * the newest buckets in memory. Called before each commit of the task, so these writes and the offsets commit
   * together.
   */
  void writeAtCommit() {
    buckets.values().forEach(bucket -> {
      bucket.writeJournal();
      bucket.writeRecords();
    });
    while (buckets.size() > BUCKETS_KEPT) {
      droppedUpTo = Math.max(droppedUpTo, buckets.pollFirstEntry().getKey());
    }
  }

  private Bucket bucket(long start) {
    Bucket bucket = buckets.get(start);
    if (bucket == null) {
      bucket = new Bucket(start);
      if (start < knownFrom || start <= droppedUpTo) {
        bucket.readJournal();
      }
      buckets.put(start, bucket);
    }
    return bucket;
  }

  private long bucketOf(long time) {
    return time - Math.floorMod(time, window);
  }

  /**
   * The IPs that clicked in one bucket, as far as the task knows them: per IP the second of its first click and
   * whether it has a record. Complete unless an earlier run or version may have written records that are not here,
   * or it holds all the IPs memory is given for.
   */
  private final class Bucket {
    /** The IP's only click is its first, in the journal. */
    private static final int FIRST_ONLY = 0;
    /** The IP has a record, which holds all its clicks. */
    private static final int RECORDED = 1;
    /** Read back from the journal: a record, if the IP has one, holds all its clicks. */
    private static final int FIRST_MAYBE_RECORDED = 2;
    private static final int NONE = -1;

    private final long start;
    /** IP hash -> the second of its first click (shifted left by two) and its state. */
    private final LongIntHashMap ips = new LongIntHashMap();
    private boolean complete = true;
    private int nextJournalRecord;
    private ByteBuffer firstClicks = newRecord();
    private int firstClickCount;
    /** IP hash -> its record as it is now (whether or not written yet), for the IPs read or counted lately. */
    private final LongObjectHashMap<Seconds> records = new LongObjectHashMap<>();
    /** The IPs whose records changed since the last commit. */
    private final LongHashSet changed = new LongHashSet();

    Bucket(long start) {
      this.start = start;
    }

    /** The IP's clicks in this bucket; null when it has none. */
    Seconds clicksOf(long hash, Bytes key) {
      Seconds held = records.get(hash);
      if (held != null) {
        return held;
      }
      int entry = ips.getOrDefault(hash, NONE);
      if (entry == NONE) {
        return complete ? null : read(hash, key);
      }
      int state = entry & 3;
      if (state == FIRST_ONLY) {
        return Seconds.of(entry >>> 2);
      }
      Seconds recorded = read(hash, key);
      return recorded != null || state == RECORDED ? recorded : Seconds.of(entry >>> 2);
    }

    private Seconds read(long hash, Bytes key) {
      Seconds recorded = store.fetch(key, start);
      if (recorded != null) {
        records.put(hash, recorded);
      }
      return recorded;
    }

    void firstClick(long hash, int second) {
      ips.put(hash, second << 2 | FIRST_ONLY);
      if (firstClicks.remaining() < Long.BYTES + 5) {
        firstClicks = ByteBuffer.wrap(Arrays.copyOf(firstClicks.array(), firstClicks.capacity() * 2))
            .position(firstClicks.position());
      }
      firstClicks.putLong(hash);
      ByteUtils.writeUnsignedVarint(second, firstClicks);
      if (++firstClickCount == FIRST_CLICKS_PER_RECORD) {
        writeJournal();
      }
    }

    /** The IP's record now holds {@code clicks}: written at the next commit. */
    void recorded(long hash, Seconds clicks) {
      records.put(hash, clicks);
      changed.add(hash);
      if (ips.containsKey(hash) || ips.size() < maxIpsPerBucket) {
        ips.put(hash, RECORDED);
      } else {
        complete = false; // an IP with a record that is not here
      }
    }

    /** Writes the records changed since the last commit; lets go of the ones held when they are too many. */
    void writeRecords() {
      for (var hash : changed) {
        store.put(BytesStores.keyOf(hash.value), records.get(hash.value), start);
      }
      changed.clear();
      if (records.size() > MAX_RECORDS_HELD) {
        records.clear();
      }
    }

    void writeJournal() {
      if (firstClickCount > 0) {
        byte[] record = new byte[4 + firstClicks.position()];
        ByteBuffer.wrap(record).putInt(firstClickCount).put(firstClicks.array(), 0, firstClicks.position());
        journal.put(Bytes.wrap(ByteBuffer.allocate(Integer.BYTES).putInt(nextJournalRecord++).array()), record,
            start);
        firstClicks = newRecord();
        firstClickCount = 0;
      }
    }

    /**
     * Reads what earlier runs journaled: their records, where they wrote any, are looked for in RocksDB, and so are
     * the IPs not in the journal.
     */
    void readJournal() {
      complete = false;
      try (KeyValueIterator<Windowed<Bytes>, byte[]> records = journal.fetchAll(start, start)) {
        while (records.hasNext()) {
          KeyValue<Windowed<Bytes>, byte[]> record = records.next();
          nextJournalRecord = Math.max(nextJournalRecord, ByteBuffer.wrap(record.key.key().get()).getInt() + 1);
          ByteBuffer in = ByteBuffer.wrap(record.value);
          for (int count = in.getInt(); count > 0; count--) {
            long hash = in.getLong();
            int second = ByteUtils.readUnsignedVarint(in);
            if (!ips.containsKey(hash) && ips.size() < maxIpsPerBucket) {
              ips.put(hash, second << 2 | FIRST_MAYBE_RECORDED);
            }
          }
        }
      }
    }

    private static ByteBuffer newRecord() {
      return ByteBuffer.allocate(1024);
    }
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

    /** One click in this second. */
    static Seconds of(int second) {
      Seconds one = new Seconds();
      one.add(second);
      return one;
    }

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
