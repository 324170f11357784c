package io.tracker.clicks;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs a processor's writes before each commit of its task, inside the commit's transaction: what the processor
 * gathered in memory since the last commit reaches its stores and their changelogs together with the offsets.
 * It takes the hook through which Kafka Streams writes out its record caches ({@link CachedStateStore}), as
 * {@link ReportRowCache} does. A task that goes back to its last commit starts its processors again, which set
 * their writes anew; until then there is nothing to write.
 */
final class CommitHook implements StateStore, CachedStateStore<Object, Object> {
  private static final Runnable NOTHING = () -> { };

  private final String name;
  private Runnable beforeCommit = NOTHING;
  private volatile boolean open;

  private CommitHook(String name) {
    this.name = name;
  }

  static StoreBuilder<CommitHook> storeBuilder(String name) {
    return new UnloggedStoreBuilder<>(name, () -> new CommitHook(name));
  }

  /** Set by the processor at its init. */
  void beforeEachCommit(Runnable writes) {
    beforeCommit = writes;
  }

  @Override
  public void flushCache() {
    beforeCommit.run();
  }

  @Override
  public void clearCache() {
    beforeCommit = NOTHING;
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> { });
    open = true;
  }

  @Override
  public void close() {
    open = false;
    beforeCommit = NOTHING;
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
