package io.tracker.platform.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/** Follows the state of a KafkaStreams so that a query can wait a moment for a rebalance to end. */
public final class StreamsRunning implements KafkaStreams.StateListener {
  private KafkaStreams.State state = KafkaStreams.State.CREATED;

  @Override
  public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    state = newState;
    notifyAll();
  }

  public synchronized boolean isRunning() {
    return state == KafkaStreams.State.RUNNING;
  }

  public synchronized KafkaStreams.State state() {
    return state;
  }

  /** True as soon as the app is RUNNING, false when it is not within the bound. */
  public synchronized boolean await(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (state != KafkaStreams.State.RUNNING) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
