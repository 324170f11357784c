package io.tracker.clicks;

import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs a processor's writes before each commit of its task ({@link CommitTimeStore}): what the processor gathered
 * in memory since the last commit reaches its stores and their changelogs together with the offsets. A task that
 * goes back to its last commit starts its processors again, which set their writes anew; until then there is
 * nothing to write.
 */
final class CommitHook extends CommitTimeStore {
  private static final Runnable NOTHING = () -> { };

  private Runnable beforeCommit = NOTHING;

  private CommitHook(String name) {
    super(name);
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
}
