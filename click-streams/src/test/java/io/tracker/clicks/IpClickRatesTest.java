package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IP counts on RocksDB stores that outlive the counter, as a task's state outlives a restart: what a commit
 * journals, what a restarted task reads back, and what a late click finds.
 */
class IpClickRatesTest {
  private static final long T = 1_772_442_000_000L; // a minute's start
  private static final long MINUTE = 60_000;
  private static final long NEVER_COMMITTED = -1;
  private static final int LIMIT = 30;
  private static final String IP = "203.0.113.5";

  @TempDir Path stateDir;
  private Task task;

  @AfterEach
  void close() {
    task.close();
  }

  @Test
  void afterARestartTheClicksOfTheMinutesWrittenBeforeAreReadBackFromTheStores() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    for (int second = 0; second < 20; second++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T + MINUTE + second * 1_000L));
    }
    task.rates.count("203.0.113.9", T + MINUTE + 19_000); // one click: journaled, no record of its own
    task.commit();
    task.close();

    // committed with the stream time of the last click before the restart
    task = new Task(T + MINUTE + 19_000, IpClickRates.MAX_IPS_PER_BUCKET);
    for (int second = 20; second < 30; second++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T + MINUTE + second * 1_000L));
    }
    assertEquals(Optional.of(31), task.rates.count(IP, T + MINUTE + 30_000),
        "20 clicks of this minute before the restart, 10 after it and this one");
    for (int click = 1; click < LIMIT; click++) {
      assertEquals(Optional.empty(), task.rates.count("203.0.113.9", T + MINUTE + 40_000));
    }
    assertEquals(Optional.of(31), task.rates.count("203.0.113.9", T + MINUTE + 40_000),
        "its first click, journaled before the restart, 29 after it and this one");
    assertEquals(Optional.empty(), task.rates.count("203.0.113.6", T + MINUTE + 40_000));
  }

  @Test
  void aFirstClickNotYetCommittedIsNotReadBackAfterARestart() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    task.rates.count(IP, T);
    task.close(); // went down before the commit: the offsets were not committed either, the click comes again

    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    for (int click = 0; click < LIMIT; click++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T));
    }
    assertEquals(Optional.of(31), task.rates.count(IP, T));
  }

  @Test
  void theWindowReachesIntoTheMinuteBeforeWhereAnIpClickedOnce() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    task.rates.count(IP, T + 59_000);
    for (int click = 1; click < LIMIT; click++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T + MINUTE + 58_000));
    }
    assertEquals(Optional.of(31), task.rates.count(IP, T + MINUTE + 58_000),
        "the click at :59 of the minute before is within the window, the 29 at :58 of this one and this one");
    assertEquals(Optional.of(31), task.rates.count(IP, T + MINUTE + 59_000),
        "the 30 at :58 and this one: the click of the minute before has left the window");
  }

  @Test
  void aLateClickReadsTheJournalOfAMinuteNoLongerInMemory() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    task.rates.count(IP, T + 59_000);
    for (int minute = 1; minute <= IpClickRates.BUCKETS_KEPT + 2; minute++) {
      task.rates.count("198.51.100.1", T + minute * MINUTE);
      task.commit();
    }
    for (int click = 1; click < LIMIT; click++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T + 59_500));
    }
    assertEquals(Optional.of(31), task.rates.count(IP, T + 59_000),
        "its first click, journaled and out of memory since, the 29 late ones and this one");
  }

  @Test
  void whenAMinuteHoldsAllTheIpsMemoryIsGivenForFurtherIpsGetRecordsOfTheirOwn() {
    task = new Task(NEVER_COMMITTED, 2);
    for (String ip : new String[] {"198.51.100.1", "198.51.100.2", IP}) {
      task.rates.count(ip, T);
    }
    task.commit();
    for (int click = 2; click <= LIMIT; click++) {
      for (String ip : new String[] {"198.51.100.1", "198.51.100.2", IP}) {
        assertEquals(Optional.empty(), task.rates.count(ip, T + 1_000));
      }
    }
    for (String ip : new String[] {"198.51.100.1", "198.51.100.2", IP}) {
      assertEquals(Optional.of(31), task.rates.count(ip, T + 2_000), ip);
    }
  }

  @Test
  void aMinuteThatAnEarlierVersionWroteARecordPerIpForIsReadFromItsRecords() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    IpClickRates.Seconds earlier = new IpClickRates.Seconds();
    for (int click = 0; click < LIMIT; click++) {
      earlier.add(10);
    }
    task.records.put(BytesStores.keyOf(Hash64.of(IP)), earlier, T);
    task.commit();
    task.close();

    task = new Task(T + 10_000, IpClickRates.MAX_IPS_PER_BUCKET);
    assertEquals(Optional.of(31), task.rates.count(IP, T + 20_000));
  }

  @Test
  void anIpThatKeepsClickingWritesItsRecordOncePerCommitWithAllItsClicks() {
    task = new Task(NEVER_COMMITTED, IpClickRates.MAX_IPS_PER_BUCKET);
    Bytes ip = BytesStores.keyOf(Hash64.of(IP));
    for (int click = 0; click < 20; click++) {
      task.rates.count(IP, T + 1_000);
    }
    assertNull(task.records.fetch(ip, T), "not before the commit");
    task.commit();
    assertEquals(20, task.records.fetch(ip, T).sumUpTo(59));
    for (int click = 0; click < 10; click++) {
      assertEquals(Optional.empty(), task.rates.count(IP, T + 2_000));
    }
    assertEquals(Optional.of(31), task.rates.count(IP, T + 2_000), "the record held since the commit, and these");
    task.commit();
    task.close();

    task = new Task(T + 2_000, IpClickRates.MAX_IPS_PER_BUCKET);
    assertEquals(Optional.of(32), task.rates.count(IP, T + 3_000), "all 31 written at the commits, and this one");
  }

  /** A task's IP stores (RocksDB under stateDir) and its IP rates, as its processor sees them at init. */
  private final class Task {
    private final WindowStore<Bytes, IpClickRates.Seconds> records;
    private final WindowStore<Bytes, byte[]> journal;
    private final IpClickRates rates;
    private final CommitHook hook;

    Task(long committedStreamTime, int maxIpsPerBucket) {
      Properties config = new Properties();
      config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ip-click-rates-test");
      config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      MockProcessorContext<Void, Void> context = new MockProcessorContext<>(config, new TaskId(0, 0),
          stateDir.toFile());
      context.setCurrentStreamTimeMs(committedStreamTime);
      for (StoreBuilder<?> builder : IpClickRates.storeBuilders(Duration.ofDays(7), Duration.ofMinutes(1))) {
        StateStore store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
      }
      records = context.getStateStore(ClickStores.IP_RATES);
      journal = context.getStateStore(ClickStores.IP_FIRST_CLICKS);
      rates = IpClickRates.of(context, LIMIT, Duration.ofMinutes(1), maxIpsPerBucket);
      hook = context.getStateStore(ClickStores.IP_FIRST_CLICKS_AT_COMMIT);
    }

    /** What the task does before it commits. */
    void commit() {
      hook.flushCache();
    }

    void close() {
      records.close();
      journal.close();
    }
  }
}
