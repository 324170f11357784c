package io.tracker.clicks;

import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.Stores;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** Reads this instance's share of a report: the report store of the partitions it holds as active tasks. */
final class LocalReports {
  /** How long a query waits for a rebalance to end before it answers 503. */
  static final Duration RUNNING_WAIT = Duration.ofSeconds(2);

  private final KafkaStreams streams;
  private final StreamsRunning running;

  LocalReports(KafkaStreams streams, StreamsRunning running) {
    this.streams = streams;
    this.running = running;
  }

  void awaitRunning() {
    try {
      if (!running.await(RUNNING_WAIT)) {
        throw new ReportUnavailable("click-streams is not running (state " + streams.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReportUnavailable("interrupted while waiting for click-streams to run", e);
    }
  }

  /**
   * The query's sums over the given partitions. Each one must be an active task here: asking by partition
   * means a partition that moved during a rebalance fails the query instead of being left out or counted twice.
   */
  ReportTable read(ReportQuery query, Set<Integer> partitions) {
    awaitRunning();
    ReportTable table = new ReportTable(query);
    for (int partition : partitions) {
      try {
        ReadOnlyWindowStore<ReportKey, ReportCounts> store = streams.store(StoreQueryParameters
            .fromNameAndType(Stores.CLICK_REPORT, QueryableStoreTypes.<ReportKey, ReportCounts>windowStore())
            .withPartition(partition));
        // fetchAll includes both ends; the query's end is exclusive
        try (KeyValueIterator<Windowed<ReportKey>, ReportCounts> buckets =
            store.fetchAll(query.from(), query.to().minusMillis(1))) {
          while (buckets.hasNext()) {
            KeyValue<Windowed<ReportKey>, ReportCounts> bucket = buckets.next();
            table.addBucket(bucket.key.key(), bucket.key.window().start(), bucket.value);
          }
        }
      } catch (InvalidStateStoreException e) {
        throw new ReportUnavailable("partition " + partition + " of the click report is not active here", e);
      }
    }
    return table;
  }
}
