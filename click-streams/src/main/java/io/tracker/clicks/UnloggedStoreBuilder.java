package io.tracker.clicks;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store that lives in a task's memory, next to its RocksDB stores: no changelog (what it holds reaches
 * those stores' changelogs at the commit, or is lost with the transaction), and none of Kafka's record cache.
 */
final class UnloggedStoreBuilder<T extends StateStore> implements StoreBuilder<T> {
  private final String name;
  private final Supplier<T> stores;

  UnloggedStoreBuilder(String name, Supplier<T> stores) {
    this.name = name;
    this.stores = stores;
  }

  // Kafka's record cache, which Streams turns off for every store when its size is 0: not this one
  @Override
  public StoreBuilder<T> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<T> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
    throw new UnsupportedOperationException(name + " has no changelog: the stores it writes to have theirs");
  }

  @Override
  public StoreBuilder<T> withLoggingDisabled() {
    return this;
  }

  @Override
  public T build() {
    return stores.get();
  }

  @Override
  public Map<String, String> logConfig() {
    return Map.of();
  }

  @Override
  public boolean loggingEnabled() {
    return false;
  }

  @Override
  public String name() {
    return name;
  }
}
