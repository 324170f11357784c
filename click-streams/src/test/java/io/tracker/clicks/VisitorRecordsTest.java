package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visitors' records of a task between commits, on the task's real RocksDB visitor store. */
class VisitorRecordsTest {
  private static final long TEN = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final Duration HORIZON = Duration.ofDays(37);
  private static final int MAX_CHANGED = 4;

  @TempDir Path stateDir;
  private final List<StateStore> stores = new ArrayList<>();
  private MockProcessorContext<Void, Void> task;
  private CommitHook hook;
  private WindowStore<Bytes, VisitorHistory> store;
  private VisitorRecords records;

  @BeforeEach
  void openTask() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "visitor-records-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    task = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
    for (StoreBuilder<?> builder : VisitorRecords.storeBuilders(HORIZON)) {
      StateStore built = builder.withLoggingDisabled().build();
      built.init(task.getStateStoreContext(), built);
      task.addStateStore(built);
      stores.add(built);
    }
    hook = task.getStateStore(ClickStores.VISITORS_AT_COMMIT);
    store = task.getStateStore(ClickStores.VISITORS);
    records = VisitorRecords.of(task, HORIZON, MAX_CHANGED);
  }

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
  }

  @Test
  void aRecordIsReadFromMemoryUntilTheCommitWritesItOnceWithItsLatestClicks() {
    VisitorHistory history = VisitorHistory.empty();
    history.add(TEN, 1, 11, 3, true);
    records.put(7, history, TEN);
    assertTrue(records.get(7, TEN).contains(TEN, 1), "the click after it reads it before the commit");
    assertNull(stored(7, TEN), "nothing is written before the commit");

    long nextBucket = TEN + HORIZON.toMillis(); // stream time moved into the next bucket before the commit
    history.add(nextBucket, 2, 11, 3, false);
    records.put(7, history, nextBucket);
    hook.flushCache();
    assertEquals(2, stored(7, nextBucket).size(), "the commit writes the record as the last click left it");
    assertEquals(1, entries().size(), "once, in the bucket of that click");
    assertEquals(2, records.get(7, nextBucket + 1).size(), "read back from the store after the commit");
  }

  @Test
  void aCommitWritesTheRecordsInTheKeyOrderOfTheStore() {
    long[] visitors = {-2L, 5L, Long.MIN_VALUE, 3L, 0L};
    for (long visitor : visitors) {
      VisitorHistory history = VisitorHistory.empty();
      history.add(TEN, (int) visitor, 0, 0, true);
      records.put(visitor, history, TEN);
    }
    assertArrayEquals(new long[] {0L, 3L, 5L, Long.MIN_VALUE, -2L}, records.changedInStoreOrder(),
        "as unsigned numbers: as their keys' bytes");
    hook.flushCache();
    for (long visitor : visitors) {
      assertTrue(stored(visitor, TEN).contains(TEN, (int) visitor), "under its own id: " + visitor);
    }
    assertEquals(visitors.length, entries().size());
  }

  @Test
  void manyChangedRecordsAskForACommitAndAFreshStartHoldsNone() {
    for (long visitor = 0; visitor < MAX_CHANGED - 1; visitor++) {
      records.put(visitor, VisitorHistory.empty(), TEN);
    }
    assertFalse(task.committed());
    records.put(MAX_CHANGED, VisitorHistory.empty(), TEN);
    assertTrue(task.committed(), "asked for a commit, which writes them out");
    hook.flushCache();
    assertEquals(MAX_CHANGED, entries().size());

    records.put(99, VisitorHistory.empty(), TEN);
    hook.clearCache(); // the task goes back to its last commit
    VisitorRecords.of(task, HORIZON, MAX_CHANGED);
    hook.flushCache();
    assertNull(stored(99, TEN), "the record of an uncommitted click went with the transaction");
  }

  private VisitorHistory stored(long visitor, long now) {
    return store.fetch(BytesStores.keyOf(visitor), now - Math.floorMod(now, HORIZON.toMillis()));
  }

  private List<KeyValue<Windowed<Bytes>, VisitorHistory>> entries() {
    List<KeyValue<Windowed<Bytes>, VisitorHistory>> all = new ArrayList<>();
    try (KeyValueIterator<Windowed<Bytes>, VisitorHistory> iterator = store.all()) {
      iterator.forEachRemaining(all::add);
    }
    return all;
  }
}
