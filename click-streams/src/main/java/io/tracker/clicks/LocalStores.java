package io.tracker.clicks;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * This instance's window stores, one partition at a time. Each partition asked for must be an active task
 * here: asking by partition means a partition that moved during a rebalance fails the query (503) instead of
 * being left out or counted twice.
 */
final class LocalStores {
  /** How long a query waits for a rebalance to end before it answers 503. */
  static final Duration RUNNING_WAIT = Duration.ofSeconds(2);

  private final KafkaStreams streams;
  private final StreamsRunning running;

  LocalStores(KafkaStreams streams, StreamsRunning running) {
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

  /** The partition of a window store, when it is an active task here; else {@link ReportUnavailable}. */
  <K, V> ReadOnlyWindowStore<K, V> windowStore(String name, int partition) {
    awaitRunning();
    try {
      return streams.store(StoreQueryParameters
          .fromNameAndType(name, QueryableStoreTypes.<K, V>windowStore())
          .withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw new ReportUnavailable("partition " + partition + " of " + name + " is not active here", e);
    }
  }
}
