package io.tracker.clicks;

import io.tracker.clickstate.Tally;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.report.SubIdRowsKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.MeteredWindowStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

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
   * About what one row takes on the heap: its serialized key, its counts and the map's entry (252-280 B measured for
   * sub id rows of the benchmark's clicks when a row was six objects; as four, about 50 B less, so the bound errs
   * on the safe side).
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
    cube = new Rows<>(ClickStores.CLICK_REPORT, ReportSerdes.REPORT_KEY, ReportSerdes.COUNTS, budget);
    subIds = new Rows<>(ClickStores.SUB_ID_REPORT, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS, budget);
    otherSubIds = new Rows<>(ClickStores.SUB_ID_OTHER_REPORT, ReportSerdes.SUB_ID_KEY, ReportSerdes.COUNTS, budget);
    subIdRows = new Rows<>(ClickStores.SUB_ID_ROWS, ReportSerdes.SUB_ID_ROWS_KEY, ReportSerdes.TALLY, budget);
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
   * since the last commit. The stream thread reads and changes them; queries read them from their own threads.
   */
  static final class Rows<K, V> {
    private final String storeName;
    private final Serde<K> keys;
    private final Serde<V> values;
    private final RowBudget budget;
    private final Map<Row, Cached<V>> rows = new ConcurrentHashMap<>();
    private final List<Cached<V>> changed = new ArrayList<>();
    private ProcessingContext context;
    /**
     * The store below its metrics layer, which takes keys and values as bytes: a row's key is serialized once, when
     * it enters the cache, not again at each read and write of the store (that was a tenth of a row's write).
     */
    private WindowStore<Bytes, byte[]> store;
    /** The keys of the rows the task wrote in its newest two hours: a row not among them need not be looked for. */
    private KnownKeys known;

    Rows(String storeName, Serde<K> keys, Serde<V> values, RowBudget budget) {
      this.storeName = storeName;
      this.keys = keys;
      this.values = values;
      this.budget = budget;
    }

    /** At the task's start (a processor's init), before its first record. */
    void bind(ProcessingContext context) {
      this.context = context;
      store = belowMetrics(context.getStateStore(storeName));
      known = new KnownKeys(ReportBuckets.BUCKET.toMillis(), KnownKeys.MAX_PER_BUCKET, context.currentStreamTimeMs());
    }

    /**
     * The row as it stands (its value null when there is none yet), read from its store if it is not here and may be
     * there: a sub id with a value per click makes about a row per click, each new to its hour, and a look-up of a
     * new key costs about as much as its write. A row that certainly has none is not kept until it is set: once the
     * hour's rows for a slot are used up, the values that follow never get one, and their places in the cache would
     * push out the rows in use.
     */
    Cached<V> row(K key, long hour) {
      byte[] serialized = keys.serializer().serialize(storeName, key);
      Cached<V> row = rows.get(new Row(serialized, hour));
      if (row != null) {
        row.reused = true;
      } else {
        row = new Cached<>(serialized, hour);
        known.advanceTo(context.currentStreamTimeMs());
        if (known.absent(hour, row.hashOfKey())) {
          return row;
        }
        byte[] stored = store.fetch(Bytes.wrap(serialized), hour);
        row.value = stored == null ? null : values.deserializer().deserialize(storeName, stored);
        keep(row);
      }
      return row;
    }

    /** Changes a row: it is written to the store at the next commit. */
    void set(Cached<V> row, V value) {
      row.value = value;
      if (!row.kept) {
        keep(row);
        known.add(row.hour, row.hashOfKey());
      }
      if (!row.changed) {
        row.changed = true;
        changed.add(row);
      }
    }

    private void keep(Cached<V> row) {
      row.kept = true;
      rows.put(row, row);
      budget.used.incrementAndGet();
    }

    /**
     * The rows here that have a value in [from, to), as they stand now. A query takes them before it reads the
     * store, and counts the store's row only where they hold none: a row read into the cache and changed after
     * that still has its store value, the one the query counts.
     */
    Map<Row, RowValue<K, V>> pending(long from, long to) {
      Map<Row, RowValue<K, V>> pending = new HashMap<>();
      rows.forEach((id, row) -> {
        V value = row.value;
        if (value != null && id.hour >= from && id.hour < to) {
          pending.put(id, new RowValue<>(keys.deserializer().deserialize(storeName, id.key), id.hour, value));
        }
      });
      return pending;
    }

    /** The key of a store's row, as {@link #pending} holds it. */
    Row rowOf(K key, long hour) {
      return new Row(keys.serializer().serialize(storeName, key), hour);
    }

    int size() {
      return rows.size();
    }

    /**
     * What the metered store a processor sees wraps: the change-logging bytes store (the changelog and RocksDB),
     * as Kafka Streams builds every persistent window store.
     */
    @SuppressWarnings("unchecked")
    private static WindowStore<Bytes, byte[]> belowMetrics(StateStore store) {
      StateStore layer = store;
      while (!(layer instanceof MeteredWindowStore<?, ?> metered)) {
        if (!(layer instanceof WrappedStateStore<?, ?, ?> wrapper)) {
          throw new IllegalStateException("not a metered window store: " + store.getClass().getName());
        }
        layer = wrapper.wrapped();
      }
      return (WindowStore<Bytes, byte[]>) metered.wrapped();
    }

    private void write() {
      for (Cached<V> row : changed) {
        store.put(Bytes.wrap(row.key), values.serializer().serialize(storeName, row.value), row.hour);
        row.changed = false;
      }
      changed.clear();
    }

    /**
     * After a commit that found the cache full: forgets the rows not asked for again since they came in or since the
     * cache was last full, and gives the others one more round. A report row of the cube is asked for by many clicks,
     * a sub id row mostly by one; before, every row went, and each click of a cube row's next commit read it back.
     */
    private void dropSingleUse() {
      int before = rows.size();
      rows.values().removeIf(row -> !row.reused);
      rows.values().forEach(row -> row.reused = false);
      budget.used.addAndGet(rows.size() - before);
    }

    /** Forgets the rows: all are in the store (after a commit), or none should be (a task back at its last commit). */
    private void clear() {
      changed.clear();
      budget.used.addAndGet(-rows.size());
      rows.clear();
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

  /**
   * A row's identity: its serialized key (cheap to hash and compare) and the start of its hour. A cached row is its
   * own key in the cache's map: a row is then four objects (the map's entry, the row, its key's bytes and its
   * value), which the collector traces in every marking of the heap.
   */
  static class Row {
    final byte[] key;
    final long hour;
    /** The key's own hash, kept: the map and {@link KnownKeys} (per hour) both use it. */
    private final int keyHash;

    Row(byte[] key, long hour) {
      this.key = key;
      this.hour = hour;
      this.keyHash = Arrays.hashCode(key);
    }

    /** The key's hash, which {@link KnownKeys} keeps per hour: a collision only reads the store. */
    long hashOfKey() {
      return keyHash;
    }

    @Override
    public final boolean equals(Object other) {
      return other instanceof Row row && hour == row.hour && Arrays.equals(key, row.key);
    }

    @Override
    public final int hashCode() {
      return 31 * keyHash + Long.hashCode(hour);
    }
  }

  /** A row's value at one moment, as a query takes it. */
  record RowValue<K, V>(K key, long hour, V value) {}

  /**
   * A row as it stands. Its key is kept serialized only: a query deserializes the keys of the rows it takes, and the
   * objects a click made the key from are garbage at once instead of living as long as the row.
   */
  static final class Cached<V> extends Row {
    private volatile V value;
    private boolean changed;
    private boolean kept;
    /** Asked for again since it came into the cache, or since the cache was last full: kept when it is full. */
    private boolean reused;

    private Cached(byte[] key, long hour) {
      super(key, hour);
    }

    V value() {
      return value;
    }
  }
}
