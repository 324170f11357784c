package io.tracker.clicks;

import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.sorting.QuickSort;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The visitors' records of one task ({@link ClickStores#VISITORS}, see {@link VisitorHistory}), changed in memory
 * between commits and written at each commit, in the store's key order. A put of a key next to the one put before
 * it costs RocksDB's memtable far less than one anywhere in it (its skiplist search starts where the last insert
 * went, as for the report rows, {@link ReportRowCache}); a visitor who clicks again before the commit (a double
 * tap, a copy the edge sent again) is read from memory and written once. The changed records are kept encoded in
 * a few arrays, not as objects for the collector to copy while they wait, and written below the metered layer.
 * They reach the store and its changelog inside the commit's transaction, or are lost with it: a task that goes
 * back to its last commit starts its processor again, which makes new records of its own.
 */
final class VisitorRecords {
  /** Records changed before a commit is asked for, for a commit interval long enough to hold more (about 7 MB). */
  static final int MAX_CHANGED = 100_000;

  private final ProcessingContext context;
  private final BucketedStore<VisitorHistory> store;
  private final WindowStore<Bytes, byte[]> bytesStore;
  private final int maxChanged;
  /** A changed visitor's slot: its id, the bucket its record goes to, and where the record's bytes are. */
  private final LongIntHashMap slots = new LongIntHashMap();
  private long[] visitors = new long[1_024];
  private long[] buckets = new long[1_024];
  private int[] offsets = new int[1_024];
  private int[] lengths = new int[1_024];
  private byte[] encoded = new byte[64 * 1_024];
  private int size;
  private int used;

  private VisitorRecords(ProcessingContext context, int maxChanged, Duration horizon) {
    this.context = context;
    this.store = new BucketedStore<>(context.getStateStore(ClickStores.VISITORS), horizon);
    this.bytesStore = BytesStores.belowMetrics(context.getStateStore(ClickStores.VISITORS));
    this.maxChanged = maxChanged;
  }

  /** The store, kept for the horizon its records must reach, and the hook that writes to it at each commit. */
  static List<StoreBuilder<?>> storeBuilders(Duration horizon) {
    return List.of(BucketedStore.storeBuilder(ClickStores.VISITORS, horizon, VisitorHistory.SERDE),
        CommitHook.storeBuilder(ClickStores.VISITORS_AT_COMMIT));
  }

  /** The visitors' records of a task, as its processor sees them at init. */
  static VisitorRecords of(ProcessingContext context, Duration horizon) {
    return of(context, horizon, MAX_CHANGED);
  }

  /** The same with a commit asked for after fewer changed records, for a test of it. */
  static VisitorRecords of(ProcessingContext context, Duration horizon, int maxChanged) {
    VisitorRecords records = new VisitorRecords(context, maxChanged, horizon);
    context.<CommitHook>getStateStore(ClickStores.VISITORS_AT_COMMIT).beforeEachCommit(records::writeChanged);
    return records;
  }

  /** The visitor's record as of stream time {@code now}, or null. */
  VisitorHistory get(long visitor, long now) {
    int slot = slots.getOrDefault(visitor, -1);
    return slot < 0 ? store.get(BytesStores.keyOf(visitor), now) : VisitorHistory.decode(bytesAt(slot));
  }

  /** Keeps the record to write at the next commit, in the bucket of stream time {@code now}. */
  void put(long visitor, VisitorHistory history, long now) {
    byte[] record = history.encode();
    int slot = slots.getOrDefault(visitor, -1);
    if (slot < 0) {
      slot = size++;
      if (slot == visitors.length) {
        int room = visitors.length * 2;
        visitors = Arrays.copyOf(visitors, room);
        buckets = Arrays.copyOf(buckets, room);
        offsets = Arrays.copyOf(offsets, room);
        lengths = Arrays.copyOf(lengths, room);
      }
      slots.put(visitor, slot);
      visitors[slot] = visitor;
    }
    if (used + record.length > encoded.length) {
      encoded = Arrays.copyOf(encoded, Math.max(encoded.length * 2, used + record.length));
    }
    System.arraycopy(record, 0, encoded, used, record.length);
    buckets[slot] = store.bucketOf(now);
    offsets[slot] = used;
    lengths[slot] = record.length;
    used += record.length; // a visitor's earlier bytes stay unused until the commit
    if (size >= maxChanged) {
      context.commit();
    }
  }

  /** Writes the changed records in the store's order, then holds none. */
  void writeChanged() {
    for (int slot : slotsInStoreOrder()) {
      bytesStore.put(BytesStores.keyOf(visitors[slot]), bytesAt(slot), buckets[slot]);
    }
    slots.clear();
    size = 0;
    used = 0;
  }

  /** For the tests: the changed visitors in the order the next commit writes them. */
  long[] changedInStoreOrder() {
    return Arrays.stream(slotsInStoreOrder()).mapToLong(slot -> visitors[slot]).toArray();
  }

  /** By the key's bytes: the ids as unsigned numbers. */
  private int[] slotsInStoreOrder() {
    int[] order = new int[size];
    Arrays.setAll(order, slot -> slot);
    QuickSort.sort(order, 0, size,
        (i, j) -> Long.compareUnsigned(visitors[order[i]], visitors[order[j]])); // compares at positions i, j
    return order;
  }

  private byte[] bytesAt(int slot) {
    return Arrays.copyOfRange(encoded, offsets[slot], offsets[slot] + lengths[slot]);
  }
}
