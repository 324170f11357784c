package io.tracker.platform.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which store partitions of this instance are being restored from their changelogs right now. Kafka Streams hands
 * an interactive query the store of an active task that its state updater is still restoring, when the stream
 * thread itself is running: a task found corrupted at run time (under exactly-once, a store without a checkpoint)
 * is wiped and restored while the thread goes on, and a query would read it half filled. A query asks here first.
 * The partition of a store's changelog is its task's partition.
 */
public final class RestoringStores implements StateRestoreListener {
  private record StorePartition(String store, int partition) {}

  private final Set<StorePartition> restoring = ConcurrentHashMap.newKeySet();

  public boolean restoring(String store, int partition) {
    return restoring.contains(new StorePartition(store, partition));
  }

  /**
   * When a stream thread dies: its restores end with it, without a word to the listener, and whichever thread
   * takes its tasks on starts their restores again. Each app runs one stream thread per instance (it scales out by
   * instances), so every restore under way was the dead thread's.
   */
  public void forgetAll() {
    restoring.clear();
  }

  @Override
  public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
    restoring.add(new StorePartition(store, changelog.partition()));
  }

  @Override
  public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
    // still restoring until its end
  }

  @Override
  public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
    restoring.remove(new StorePartition(store, changelog.partition()));
  }

  @Override
  public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
    // the task moved away or closed before its store was restored: another restore starts it again
    restoring.remove(new StorePartition(store, changelog.partition()));
  }
}
