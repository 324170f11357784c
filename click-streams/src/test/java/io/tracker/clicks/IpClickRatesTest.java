package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IP counts on a RocksDB store that outlives the counter, as a task's state outlives a restart. */
class IpClickRatesTest {
  private static final long T = 1_772_442_000_000L; // a minute's start
  private static final long MINUTE = 60_000;
  private static final long NEVER_COMMITTED = -1;

  @TempDir Path stateDir;

  @Test
  void afterARestartTheClicksOfTheMinutesWrittenBeforeAreReadBackFromTheStore() {
    WindowStore<Bytes, IpClickRates.Seconds> before = open();
    IpClickRates rates = new IpClickRates(before, 30, Duration.ofMinutes(1), NEVER_COMMITTED);
    for (int second = 0; second < 20; second++) {
      long time = T + MINUTE + second * 1_000L;
      assertEquals(Optional.empty(), rates.count("203.0.113.5", time, time));
    }
    before.close();

    WindowStore<Bytes, IpClickRates.Seconds> after = open();
    // committed with the stream time of the last click before the restart
    IpClickRates restarted = new IpClickRates(after, 30, Duration.ofMinutes(1), T + MINUTE + 19_000);
    for (int second = 20; second < 30; second++) {
      long time = T + MINUTE + second * 1_000L;
      assertEquals(Optional.empty(), restarted.count("203.0.113.5", time, time));
    }
    long time = T + MINUTE + 30_000;
    assertEquals(Optional.of(31), restarted.count("203.0.113.5", time, time),
        "20 clicks of this minute before the restart, 10 after it and this one");
    assertEquals(Optional.empty(), restarted.count("203.0.113.6", time, time));
    after.close();
  }

  private WindowStore<Bytes, IpClickRates.Seconds> open() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ip-click-rates-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
    WindowStore<Bytes, IpClickRates.Seconds> store = IpClickRates.storeBuilder(ClickStores.IP_RATES, Duration.ofDays(7),
        Duration.ofMinutes(1)).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }
}
