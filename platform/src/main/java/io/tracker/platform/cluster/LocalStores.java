package io.tracker.platform.cluster;

import io.tracker.platform.HttpErrors;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * This instance's state stores, one partition at a time, from active running tasks only: a partition that moved
 * away in a rebalance, or is still restoring, fails the read (503) instead of being left out or counted twice.
 * {@code running} must be the state listener of {@code streams}, and {@code restoring} its restore listener.
 */
public record LocalStores(String app, KafkaStreams streams, StreamsRunning running, RestoringStores restoring) {
  /** How long a query waits for a rebalance to end before it answers 503. */
  public static final Duration RUNNING_WAIT = Duration.ofSeconds(2);

  /** Waits up to {@link #RUNNING_WAIT} for the app to run, else {@link HttpErrors.Unavailable}. */
  public void awaitRunning() {
    try {
      if (!running.await(RUNNING_WAIT)) {
        throw new HttpErrors.Unavailable(app + " is not running (state " + running.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpErrors.Unavailable("interrupted while waiting for " + app + " to run", e);
    }
  }

  /** One partition of a store, when it is an active, running task here; else {@link HttpErrors.Unavailable}. */
  public <S> S store(String storeName, QueryableStoreType<S> type, int partition) {
    awaitRunning();
    if (restoring.restoring(storeName, partition)) {
      throw new HttpErrors.Unavailable("partition " + partition + " of " + storeName + " is being restored here");
    }
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(storeName, type).withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw new HttpErrors.Unavailable("partition " + partition + " of " + storeName + " is not active here", e);
    }
  }
}
