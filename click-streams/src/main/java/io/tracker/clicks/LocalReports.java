package io.tracker.clicks;

import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.cluster.LocalStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads this instance's share of a report: the report cube, or for a query by one of s2..s5 the sub id store,
 * of the partitions it holds as active tasks. Each partition's rows come from its stores, and from its task's
 * {@link ReportRowCache} where that holds them: the cache's row replaces the store's.
 */
final class LocalReports {
  private final LocalStores stores;

  LocalReports(LocalStores stores) {
    this.stores = stores;
  }

  /** The query's sums over the given partitions. */
  ReportTable read(ReportQuery query, Set<Integer> partitions) {
    ReportTable table = new ReportTable(query);
    for (int partition : partitions) {
      try {
        // the cache before the stores: a row it no longer holds is in its store
        ReportRowCache cache = stores.store(ClickStores.REPORT_ROW_CACHE, ReportRowCache.TYPE, partition);
        readCube(table, read(query, cache.cube,
            stores.store(ClickStores.CLICK_REPORT, QueryableStoreTypes.windowStore(), partition)));
        if (query.subIdSlot() != 0) {
          readSubIds(query, table, read(query, cache.subIds,
              stores.store(ClickStores.SUB_ID_REPORT, QueryableStoreTypes.windowStore(), partition)));
          readSubIds(query, table, read(query, cache.otherSubIds,
              stores.store(ClickStores.SUB_ID_OTHER_REPORT, QueryableStoreTypes.windowStore(), partition)));
        }
      } catch (InvalidStateStoreException e) {
        throw new HttpErrors.Unavailable("partition " + partition + " of the click report moved while it was read", e);
      }
    }
    return table;
  }

  /** The hour buckets of the query's time in a store, each as the cache holds it if it does. */
  static <K> List<ReportRowCache.RowValue<K, ReportCounts>> read(ReportQuery query,
      ReportRowCache.Rows<K, ReportCounts> cached, ReadOnlyWindowStore<K, ReportCounts> store) {
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    Map<ReportRowCache.Row, ReportRowCache.RowValue<K, ReportCounts>> pending = cached.pending(from, to);
    List<ReportRowCache.RowValue<K, ReportCounts>> buckets = new ArrayList<>();
    // fetchAll includes both ends; the query's end is exclusive
    try (KeyValueIterator<Windowed<K>, ReportCounts> stored = store.fetchAll(query.from(), query.to().minusMillis(1))) {
      while (stored.hasNext()) {
        KeyValue<Windowed<K>, ReportCounts> bucket = stored.next();
        long hour = bucket.key.window().start();
        if (!pending.containsKey(cached.rowOf(bucket.key.key(), hour))) {
          buckets.add(new ReportRowCache.RowValue<>(bucket.key.key(), hour, bucket.value));
        }
      }
    }
    buckets.addAll(pending.values());
    return buckets;
  }

  private static void readCube(ReportTable table,
      List<ReportRowCache.RowValue<ReportKey, ReportCounts>> cube) {
    cube.forEach(bucket -> table.addBucket(bucket.key(), null, bucket.hour(), bucket.value()));
  }

  /**
   * Moves the sub id rows of the query's slot out of the cube's totals (read before, under no value): the clicks
   * without a value in the slot have no sub id row, so what the cube counts beyond the rows is theirs.
   */
  private static void readSubIds(ReportQuery query, ReportTable table,
      List<ReportRowCache.RowValue<SubIdKey, ReportCounts>> subIds) {
    int slot = query.subIdSlot();
    for (ReportRowCache.RowValue<SubIdKey, ReportCounts> bucket : subIds) {
      SubIdKey key = bucket.key();
      // rows of no value were written by earlier versions; the cube holds their counts
      if (key.getSlot() == slot && (key.getOverflow() || key.getValue() != null)) {
        String value = key.getOverflow() ? ReportTable.Group.OTHER_SUB_IDS : key.getValue();
        table.moveToSubId(key.getDimensions(), value, bucket.hour(), bucket.value());
      }
    }
  }
}
