package io.tracker.clicks;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store in a task's memory whose content goes to the task's RocksDB stores at each commit, inside the commit's
 * transaction: Kafka Streams writes its record caches out through an internal interface, {@link CachedStateStore},
 * before each commit, and such a store takes the same hook ({@link #flushCache}). It has no changelog of its own:
 * what it held is in the changelogs of the stores it wrote to once committed, and lost with the transaction
 * otherwise; a task that goes back to its last commit empties it ({@link #clearCache}).
 */
abstract class CommitTimeStore implements StateStore, CachedStateStore<Object, Object> {
  private final String name;
  private volatile boolean open;

  CommitTimeStore(String name) {
    this.name = name;
  }

  /** Writes what the store holds to the task's stores: before each commit of the task. */
  @Override
  public abstract void flushCache();

  /** Forgets what the store holds: the task goes back to its last commit, or closes. */
  @Override
  public abstract void clearCache();

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false; // nothing downstream: what is here only goes to the task's stores
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    clearCache();
    context.register(root, (key, value) -> { }); // nothing to restore: no changelog
    open = true;
  }

  @Override
  public void close() {
    open = false;
    clearCache();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }
}
