package io.tracker.clicks;

import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.cluster.LocalStores;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads this instance's share of a report: the report cube, or for a query by one of s2..s5 the sub id store,
 * of the partitions it holds as active tasks.
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
        if (query.subIdSlot() == 0) {
          readCube(query, table, stores.store(ClickStores.CLICK_REPORT, QueryableStoreTypes.windowStore(), partition));
        } else {
          readCube(query, table, stores.store(ClickStores.CLICK_REPORT, QueryableStoreTypes.windowStore(), partition));
          readSubIds(query, table, stores.store(ClickStores.SUB_ID_REPORT, QueryableStoreTypes.windowStore(), partition));
          readSubIds(query, table, stores.store(ClickStores.SUB_ID_OTHER_REPORT, QueryableStoreTypes.windowStore(), partition));
        }
      } catch (InvalidStateStoreException e) {
        throw new HttpErrors.Unavailable("partition " + partition + " of the click report moved while it was read", e);
      }
    }
    return table;
  }

  private static void readCube(ReportQuery query, ReportTable table, ReadOnlyWindowStore<ReportKey, ReportCounts> cube) {
    // fetchAll includes both ends; the query's end is exclusive
    try (KeyValueIterator<Windowed<ReportKey>, ReportCounts> buckets = cube.fetchAll(query.from(),
        query.to().minusMillis(1))) {
      while (buckets.hasNext()) {
        KeyValue<Windowed<ReportKey>, ReportCounts> bucket = buckets.next();
        table.addBucket(bucket.key.key(), null, bucket.key.window().start(), bucket.value);
      }
    }
  }

  /**
   * Moves the sub id rows of the query's slot out of the cube's totals (read before, under no value): the clicks
   * without a value in the slot have no sub id row, so what the cube counts beyond the rows is theirs.
   */
  private static void readSubIds(ReportQuery query, ReportTable table,
      ReadOnlyWindowStore<SubIdKey, ReportCounts> subIds) {
    int slot = query.subIdSlot();
    try (KeyValueIterator<Windowed<SubIdKey>, ReportCounts> buckets = subIds.fetchAll(query.from(),
        query.to().minusMillis(1))) {
      while (buckets.hasNext()) {
        KeyValue<Windowed<SubIdKey>, ReportCounts> bucket = buckets.next();
        SubIdKey key = bucket.key.key();
        // rows of no value were written by earlier versions; the cube holds their counts
        if (key.getSlot() == slot && (key.getOverflow() || key.getValue() != null)) {
          String value = key.getOverflow() ? ReportTable.Group.OTHER_SUB_IDS : key.getValue();
          table.moveToSubId(key.getDimensions(), value, bucket.key.window().start(), bucket.value);
        }
      }
    }
  }
}
