package io.tracker.clicks;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.sorting.QuickSort;
import io.tracker.clickstate.Tally;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.report.SubIdRowsKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The report rows of one task in memory: every click and credit adds to its rows here, and each changed row is
 * written to its report store (and changelog) once per commit, however many clicks added to it. Rows stay after
 * the commit, so the next clicks of a row read no store, until the rows of all the app's tasks fill the memory
 * given; then each task's next commit lets go of the rows that no click asked for again since the cache was last
 * full, or of all its rows when most were asked for again. A row the task certainly never wrote is not looked for
 * in its store ({@link KnownKeys}). Kafka's record cache did this before at several times the cost per access: it
 * keeps serialized keys in a sorted map and deserializes the value on every read.
 *
 * <p>Its rows reach the stores and their changelogs at each commit, inside the commit's transaction (exactly-once),
 * through the hook Kafka Streams writes its record caches out with ({@link CommitTimeStore}), and a task that goes
 * back to its last commit drops them ({@link #clearCache()}). The report stores themselves are not cached. A query
 * reads the rows here over the stores' ({@link Rows#pending}), so a report counts every click processed, as it did
 * through the record cache.
 * Should a Kafka upgrade stop calling the hook for this store, ClickReportTopologyTest fails: it reads the stores
 * after each commit of TopologyTestDriver.
 */
final class ReportRowCache extends CommitTimeStore {
  /**
   * At most what one row takes on the heap: about 110-140 B for the benchmark's rows (a key of 30-60 B, seven longs
   * of counts, its hour, hash, flags and two slots), up to twice that while its arrays have room to grow.
   */
  static final int ROW_BYTES = 288;

  private final RowBudget budget;
  /** How many times the budget had filled when this task's cache last let rows go. */
  private long fillsSeen;
  final Rows<ReportKey, ReportCounts> cube;
  final Rows<SubIdKey, ReportCounts> subIds;
  final Rows<SubIdKey, ReportCounts> otherSubIds;
  final Rows<SubIdRowsKey, Tally> subIdRows;
  private final List<Rows<?, ?>> all;

  private ReportRowCache(String name, RowBudget budget) {
    super(name);
    this.budget = budget;
    this.fillsSeen = budget.fills.get();
    cube = new Rows<>(ClickStores.CLICK_REPORT, ReportSerdes.REPORT_KEY, ReportSerdes.COUNTS, COUNTS_AS_LONGS,
        budget);
    subIds = new Rows<>(ClickStores.SUB_ID_REPORT, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS, COUNTS_AS_LONGS,
        budget);
    otherSubIds = new Rows<>(ClickStores.SUB_ID_OTHER_REPORT, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS,
        COUNTS_AS_LONGS, budget);
    subIdRows = new Rows<>(ClickStores.SUB_ID_ROWS, ReportSerdes.SUB_ID_ROWS_KEY, ReportSerdes.TALLY, TALLY_AS_LONGS,
        budget);
    all = List.of(cube, subIds, otherSubIds, subIdRows);
  }

  /**
   * The caches of the app's tasks, bounded together to about cacheBytes, as Kafka's record cache is for an
   * instance: however many tasks an instance holds, their rows share one budget.
   */
  static StoreBuilder<ReportRowCache> storeBuilder(String name, long cacheBytes) {
    RowBudget budget = new RowBudget(Math.max(1, cacheBytes / ROW_BYTES));
    return new UnloggedStoreBuilder<>(name, () -> new ReportRowCache(name, budget));
  }

  /** How a query finds the cache of a partition's task. */
  static final QueryableStoreType<ReportRowCache> TYPE = new QueryableStoreType<>() {
    @Override
    public boolean accepts(StateStore store) {
      return store instanceof ReportRowCache;
    }

    @Override
    public ReportRowCache create(StateStoreProvider provider, String storeName) {
      List<ReportRowCache> stores = provider.stores(storeName, this);
      if (stores.size() != 1) {
        throw new IllegalStateException("a query of one partition found " + stores.size() + " row caches");
      }
      return stores.get(0);
    }
  };

  /** Ties the cache to the report stores of its task, as a processor of that task sees them. */
  void bind(ProcessingContext context) {
    all.forEach(rows -> rows.bind(context));
  }

  /** Whether the rows of all tasks fill their budget: then the task commits, and each task's next commit lets go. */
  boolean full() {
    return budget.full();
  }

  @Override
  public void flushCache() {
    all.forEach(Rows::write);
    if (full()) {
      budget.fills.incrementAndGet();
    }
    // every task's cache goes through each fill, not only that of the first task to commit after it: otherwise the
    // others keep their rows, and the first is asked to commit again after a few clicks
    long fills = budget.fills.get();
    if (fills != fillsSeen) {
      fillsSeen = fills;
      // every row is in its store now: a query that finds none here reads the store's
      int before = size();
      all.forEach(Rows::dropSingleUse);
      if (size() > before / 2) {
        all.forEach(Rows::clear); // most rows are in use: dropping a few would fill the cache again at once
      }
    }
  }

  private int size() {
    return all.stream().mapToInt(Rows::size).sum();
  }

  @Override
  public void clearCache() {
    all.forEach(Rows::clear);
  }

  /**
   * The rows of one report store that the task read or changed lately, each as it stands, and which of them changed
   * since the last commit. The stream thread reads and changes them; queries read them from their own threads, under
   * the same lock.
   *
   * <p>A row lives in primitive arrays, not as objects: its key's bytes in one shared array, its figures as longs in
   * another, its hour, hash and flags beside them, and an open-addressing table of row numbers finds it. Hundreds of
   * thousands of rows as objects (four each: the map's entry, the row, its key's bytes, its counts) were most of what
   * the collector traced at every marking, copied at every young pause (a row lives from its click to the next time
   * the cache is full) and scanned cards for (each new value in an old row). Arrays hold no references.
   */
  static final class Rows<K, V> {
    private static final byte CHANGED = 1;
    /** Asked for again since it came into the cache, or since the cache was last full: kept when it is full. */
    private static final byte REUSED = 2;
    /** Has figures; a row read from its store and not found there has none until it is set. */
    private static final byte HAS_VALUE = 4;
    private static final int FIRST_ROWS = 1 << 10;
    private static final int FIRST_KEY_BYTES = FIRST_ROWS * 64;

    private final String storeName;
    private final Serde<K> keys;
    private final Serde<V> values;
    private final Figures<V> figures;
    private final RowBudget budget;
    private ProcessingContext context;
    /**
     * The store below its metrics layer, which takes keys and values as bytes: a row's key is serialized once, when
     * it enters the cache, not again at each read and write of the store (that was a tenth of a row's write).
     */
    private WindowStore<Bytes, byte[]> store;
    /** The keys of the rows the task wrote in its newest two hours: a row not among them need not be looked for. */
    private KnownKeys known;

    /** Row i's key is keyBytes[keyStart[i], keyStart[i + 1]). */
    private byte[] keyBytes = new byte[FIRST_KEY_BYTES];
    private int[] keyStart = new int[FIRST_ROWS + 1];
    private int[] keyHashes = new int[FIRST_ROWS];
    private long[] hours = new long[FIRST_ROWS];
    private byte[] flags = new byte[FIRST_ROWS];
    /** Row i's figures are rowFigures[i * width, (i + 1) * width). */
    private long[] rowFigures;
    private int size;
    /** The most rows held since the arrays were last fitted, and their keys' bytes: what they are fitted to. */
    private int peakRows;
    private int peakKeyBytes;
    /** Row number + 1 per slot, 0 for a free one; at most half the slots are taken, so a probe ends soon. */
    private int[] slots = new int[FIRST_ROWS * 2];
    private final IntArrayList changed = new IntArrayList();

    Rows(String storeName, Serde<K> keys, Serde<V> values, Figures<V> figures, RowBudget budget) {
      this.storeName = storeName;
      this.keys = keys;
      this.values = values;
      this.figures = figures;
      this.budget = budget;
      this.rowFigures = new long[FIRST_ROWS * figures.width()];
    }

    /** At the task's start (a processor's init), before its first record. */
    void bind(ProcessingContext context) {
      this.context = context;
      store = BytesStores.belowMetrics(context.getStateStore(storeName));
      known = new KnownKeys(ReportBuckets.BUCKET.toMillis(), KnownKeys.MAX_PER_BUCKET, context.currentStreamTimeMs());
    }

    /**
     * The row, read from its store if it is not here and may be there: a sub id with a value per click makes about a
     * row per click, each new to its hour, and a look-up of a new key costs about as much as its write. A row that
     * certainly has none is not kept until it is set: once the hour's rows for a slot are used up, the values that
     * follow never get one, and their places in the cache would push out the rows in use. The row it returns is
     * valid until the next commit; its figures stay in the cache's arrays ({@link #value}, {@link #add}).
     */
    synchronized Cached row(K key, long hour) {
      byte[] serialized = keys.serializer().serialize(storeName, key);
      int keyHash = Arrays.hashCode(serialized);
      int at = slots[slotOf(serialized, keyHash, hour)] - 1;
      if (at >= 0) {
        flags[at] |= REUSED;
        return new Cached(at, serialized, keyHash, hour);
      }
      known.advanceTo(context.currentStreamTimeMs());
      if (known.absent(hour, keyHash)) {
        return new Cached(-1, serialized, keyHash, hour);
      }
      byte[] stored = store.fetch(Bytes.wrap(serialized), hour);
      at = keep(serialized, keyHash, hour);
      if (stored != null) {
        figures.write(values.deserializer().deserialize(storeName, stored), rowFigures, at * figures.width());
        flags[at] |= HAS_VALUE;
      }
      return new Cached(at, serialized, keyHash, hour);
    }

    /** Whether the row has figures, in the cache or in its store. */
    synchronized boolean hasValue(Cached row) {
      return row.at >= 0 && (flags[row.at] & HAS_VALUE) != 0;
    }

    /** The row's figures as they stand, or null when it has none yet. */
    synchronized V value(Cached row) {
      return row.at < 0 ? null : valueAt(row.at);
    }

    /** Gives a row these figures: it is written to the store at the next commit. */
    private void set(Cached row, V value) {
      if (row.at < 0) {
        row.at = keep(row.key, row.keyHash, row.hour);
        known.add(row.hour, row.keyHash);
      }
      figures.write(value, rowFigures, row.at * figures.width());
      markChanged(row.at);
    }

    /**
     * Adds figures to a row's, in place (a row without figures takes them as they are): a click adds to rows that
     * are mostly in the cache already, and reading them out as a value to add to was a third of the time a click
     * spent on its rows. The row is written to the store at the next commit.
     */
    synchronized void add(Cached row, V more) {
      if (!hasValue(row)) {
        set(row, more);
        return;
      }
      figures.add(more, rowFigures, row.at * figures.width());
      markChanged(row.at);
    }

    private void markChanged(int at) {
      if ((flags[at] & CHANGED) == 0) {
        changed.add(at);
      }
      flags[at] |= CHANGED | HAS_VALUE;
    }

    /**
     * The rows here that have a value in [from, to), as they stand now. A query takes them before it reads the
     * store, and counts the store's row only where they hold none: a row read into the cache and changed after
     * that still has its store value, the one the query counts.
     */
    Map<Row, RowValue<K, V>> pending(long from, long to) {
      Map<Row, V> copied = new HashMap<>();
      synchronized (this) {
        for (int at = 0; at < size; at++) {
          if ((flags[at] & HAS_VALUE) != 0 && hours[at] >= from && hours[at] < to) {
            copied.put(new Row(keyAt(at), hours[at]), valueAt(at));
          }
        }
      }
      // the keys are read outside the lock: the stream thread waits for a query only while it copies the rows
      Map<Row, RowValue<K, V>> pending = new HashMap<>();
      copied.forEach((row, value) -> pending.put(row,
          new RowValue<>(keys.deserializer().deserialize(storeName, row.key), row.hour, value)));
      return pending;
    }

    /** The key of a store's row, as {@link #pending} holds it. */
    Row rowOf(K key, long hour) {
      return new Row(keys.serializer().serialize(storeName, key), hour);
    }

    synchronized int size() {
      return size;
    }

    /** For the tests: how many rows its arrays have room for. */
    synchronized int capacity() {
      return hours.length;
    }

    private V valueAt(int at) {
      return (flags[at] & HAS_VALUE) == 0 ? null : figures.read(rowFigures, at * figures.width());
    }

    private int storeOrder(int row, int other) {
      int byKey = Arrays.compareUnsigned(keyBytes, keyStart[row], keyStart[row + 1], keyBytes, keyStart[other],
          keyStart[other + 1]);
      return byKey != 0 ? byKey : Long.compare(hours[row], hours[other]);
    }

    private byte[] keyAt(int at) {
      return Arrays.copyOfRange(keyBytes, keyStart[at], keyStart[at + 1]);
    }

    /** The slot that holds the row, or the free slot where it would go. */
    private int slotOf(byte[] key, int keyHash, long hour) {
      int mask = slots.length - 1;
      for (int slot = spread(keyHash, hour) & mask; ; slot = (slot + 1) & mask) {
        int at = slots[slot] - 1;
        if (at < 0 || keyHashes[at] == keyHash && hours[at] == hour
            && Arrays.equals(keyBytes, keyStart[at], keyStart[at + 1], key, 0, key.length)) {
          return slot;
        }
      }
    }

    /** Linear probing wants neighbouring hashes far apart: the key's hash is a polynomial of its bytes. */
    private static int spread(int keyHash, long hour) {
      int hash = (31 * keyHash + Long.hashCode(hour)) * 0x9E3779B9;
      return hash ^ (hash >>> 16);
    }

    /** Adds a row that is not here, without figures, and returns its number. */
    private int keep(byte[] key, int keyHash, long hour) {
      makeRoom(key.length);
      int at = size++;
      int start = keyStart[at];
      System.arraycopy(key, 0, keyBytes, start, key.length);
      keyStart[at + 1] = start + key.length;
      keyHashes[at] = keyHash;
      hours[at] = hour;
      flags[at] = 0;
      slots[slotOf(key, keyHash, hour)] = at + 1;
      budget.used.incrementAndGet();
      return at;
    }

    private void makeRoom(int keyLength) {
      if (size == hours.length) {
        resize(size * 2);
      }
      int keysEnd = keyStart[size] + keyLength;
      if (keysEnd > keyBytes.length) {
        keyBytes = Arrays.copyOf(keyBytes, Math.max(keysEnd, keyBytes.length * 2));
      }
      if ((size + 1) * 2 > slots.length) {
        slots = new int[slots.length * 2];
        index();
      }
    }

    private void resize(int rows) {
      keyStart = Arrays.copyOf(keyStart, rows + 1);
      keyHashes = Arrays.copyOf(keyHashes, rows);
      hours = Arrays.copyOf(hours, rows);
      flags = Arrays.copyOf(flags, rows);
      rowFigures = Arrays.copyOf(rowFigures, rows * figures.width());
    }

    /** Files every row in the slots again: the rows are distinct, so each takes the first free slot of its probe. */
    private void index() {
      Arrays.fill(slots, 0);
      int mask = slots.length - 1;
      for (int at = 0; at < size; at++) {
        int slot = spread(keyHashes[at], hours[at]) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = at + 1;
      }
    }

    /**
     * Puts the changed rows in their store's order (key bytes, then hour): RocksDB then finds each new key's place in
     * its memtable's skiplist from where the one before went, instead of searching it from the top, which was half
     * of a row's put.
     */
    private synchronized void write() {
      int[] rows = changed.buffer;
      QuickSort.sort(rows, 0, changed.size(), (i, j) -> storeOrder(rows[i], rows[j])); // compares at positions i, j
      for (int i = 0; i < changed.size(); i++) {
        int at = changed.get(i);
        store.put(Bytes.wrap(keyAt(at)), figures.encode(rowFigures, at * figures.width()), hours[at]);
        flags[at] &= ~CHANGED;
      }
      changed.clear();
    }

    /**
     * After a commit that found the cache full: forgets the rows not asked for again since they came in or since the
     * cache was last full, and gives the others one more round. A report row of the cube is asked for by many clicks,
     * a sub id row mostly by one; before, every row went, and each click of a cube row's next commit read it back.
     * The rows kept move down in their arrays, in order.
     */
    private synchronized void dropSingleUse() {
      notePeak();
      int width = figures.width();
      int kept = 0;
      for (int at = 0; at < size; at++) {
        if ((flags[at] & REUSED) == 0) {
          continue;
        }
        // row kept <= at: its key moves down, and keyStart[at + 1] is still to be read
        int from = keyStart[at];
        int length = keyStart[at + 1] - from;
        System.arraycopy(keyBytes, from, keyBytes, keyStart[kept], length);
        keyStart[kept + 1] = keyStart[kept] + length;
        keyHashes[kept] = keyHashes[at];
        hours[kept] = hours[at];
        flags[kept] = (byte) (flags[at] & ~REUSED);
        System.arraycopy(rowFigures, at * width, rowFigures, kept * width, width);
        kept++;
      }
      budget.used.addAndGet(kept - size);
      size = kept;
      fit();
    }

    /** Forgets the rows: all are in the store (after a commit), or none should be (a task back at its last commit). */
    private synchronized void clear() {
      changed.clear();
      notePeak();
      budget.used.addAndGet(-size);
      size = 0;
      fit();
    }

    private void notePeak() {
      peakRows = Math.max(peakRows, size);
      peakKeyBytes = Math.max(peakKeyBytes, keyStart[size]);
    }

    /**
     * Files the rows in the slots again, in arrays that fit the most rows held since they were last fitted: the rows
     * of a task come and go, and its arrays should not stay at the largest size it ever held; but a fill lets most
     * rows go and the clicks after it bring as many back: arrays shrunk to the rows kept grew back by doubling after
     * each fill, megabytes each time, arrays that G1 allocates outside the young generation (humongous).
     */
    private void fit() {
      int rows = Math.max(FIRST_ROWS, Integer.highestOneBit(Math.max(1, peakRows)) * 2);
      if (rows * 4 <= hours.length) {
        resize(rows);
        keyBytes = Arrays.copyOf(keyBytes, Math.max(FIRST_KEY_BYTES, peakKeyBytes * 2));
        slots = new int[rows * 2];
      }
      index();
      peakRows = size;
      peakKeyBytes = keyStart[size];
    }
  }

  /** How many rows the caches of an app's tasks hold together, how many they may, and how often they were full. */
  private record RowBudget(AtomicLong used, long max, AtomicLong fills) {
    RowBudget(long max) {
      this(new AtomicLong(), max, new AtomicLong());
    }

    boolean full() {
      return used.get() >= max;
    }
  }

  /** A row's identity, as a query matches the cache's rows with its store's: its serialized key and its hour. */
  static final class Row {
    final byte[] key;
    final long hour;

    Row(byte[] key, long hour) {
      this.key = key;
      this.hour = hour;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row row && hour == row.hour && Arrays.equals(key, row.key);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(key) + Long.hashCode(hour);
    }
  }

  /** A row's value at one moment, as a query takes it. */
  record RowValue<K, V>(K key, long hour, V value) {}

  /**
   * A row as a click finds it and changes it ({@link Rows#row}, {@link Rows#add}): its number in the cache's arrays
   * (negative while it is not kept), its serialized key and the key's hash.
   */
  static final class Cached {
    private int at;
    private final byte[] key;
    /** The key's own hash: the slots and {@link KnownKeys} (per hour) both use it; a collision only reads the store. */
    private final int keyHash;
    private final long hour;

    private Cached(int at, byte[] key, int keyHash, long hour) {
      this.at = at;
      this.key = key;
      this.keyHash = keyHash;
      this.hour = hour;
    }
  }

  /** A value of a row as a fixed number of longs in the cache's arrays. */
  interface Figures<V> {
    int width();

    void write(V value, long[] to, int at);

    /** Adds more to the figures at to[at...]. */
    void add(V more, long[] to, int at);

    V read(long[] from, int at);

    /** The figures at from[at...] in the store's form of V. */
    byte[] encode(long[] from, int at);
  }

  /** A row's counts: the doubles as their bits. */
  static final Figures<ReportCounts> COUNTS_AS_LONGS = new Figures<>() {
    @Override
    public int width() {
      return 7;
    }

    @Override
    public void write(ReportCounts counts, long[] to, int at) {
      to[at] = counts.getClicks();
      to[at + 1] = counts.getTotalClicks();
      to[at + 2] = Double.doubleToRawLongBits(counts.getConversions());
      to[at + 3] = counts.getRevenueMicros();
      to[at + 4] = counts.getPayoutMicros();
      to[at + 5] = Double.doubleToRawLongBits(counts.getPendingConversions());
      to[at + 6] = counts.getPendingPayoutMicros();
    }

    @Override
    public void add(ReportCounts more, long[] to, int at) {
      to[at] += more.getClicks();
      to[at + 1] += more.getTotalClicks();
      to[at + 2] = Double.doubleToRawLongBits(Double.longBitsToDouble(to[at + 2]) + more.getConversions());
      to[at + 3] += more.getRevenueMicros();
      to[at + 4] += more.getPayoutMicros();
      to[at + 5] = Double.doubleToRawLongBits(Double.longBitsToDouble(to[at + 5]) + more.getPendingConversions());
      to[at + 6] += more.getPendingPayoutMicros();
    }

    @Override
    public ReportCounts read(long[] from, int at) {
      return new ReportCounts(from[at], from[at + 1], Double.longBitsToDouble(from[at + 2]), from[at + 3],
          from[at + 4], Double.longBitsToDouble(from[at + 5]), from[at + 6]);
    }

    @Override
    public byte[] encode(long[] from, int at) {
      return ReportSerdes.countsBytes(from[at], from[at + 1], Double.longBitsToDouble(from[at + 2]), from[at + 3],
          from[at + 4], Double.longBitsToDouble(from[at + 5]), from[at + 6]);
    }
  };

  /** How many sub id rows an hour has used. */
  static final Figures<Tally> TALLY_AS_LONGS = new Figures<>() {
    @Override
    public int width() {
      return 1;
    }

    @Override
    public void write(Tally tally, long[] to, int at) {
      to[at] = tally.getCount();
    }

    @Override
    public void add(Tally more, long[] to, int at) {
      to[at] += more.getCount();
    }

    @Override
    public Tally read(long[] from, int at) {
      return new Tally(from[at]);
    }

    @Override
    public byte[] encode(long[] from, int at) {
      return ReportSerdes.tallyBytes(from[at]);
    }
  };
}
