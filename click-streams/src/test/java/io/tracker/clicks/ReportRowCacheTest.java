package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report rows of a task between commits, on the task's real RocksDB report stores: what a commit writes, what
 * a query counts before it, and what a task that goes back to its last commit keeps.
 */
class ReportRowCacheTest {
  private static final long TEN = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final ReportKey OFFER_1 = new ReportKey(7L, 1L, 0L, 70L, null, false, "desktop", "Chrome", "Windows",
      "US", null);
  private static final ReportKey SUB_ID_DIMENSIONS = new ReportKey(7L, 1L, 0L, 70L, null, false, null, null, null, null,
      null);
  private static final int SUB_ID_ROWS = 2;
  private static final int CACHED_ROWS = 6;
  private static final long NEVER_COMMITTED = -1;
  private static final int ROWS_OF_A_BIGGER_APP = 3_000;

  @TempDir Path stateDir;
  /** One app's store builders: the row caches of its tasks share one budget. */
  private List<StoreBuilder<?>> app;
  private final List<StateStore> stores = new ArrayList<>();
  private MockProcessorContext<Void, Void> context;
  private ReportRowCache cache;
  private ReportBuckets buckets;
  private WindowStore<ReportKey, ReportCounts> cube;
  private WindowStore<SubIdKey, ReportCounts> subIds;
  private WindowStore<SubIdKey, ReportCounts> otherSubIds;

  @BeforeEach
  void openStores() throws IOException {
    app = ReportBuckets.storeBuilders(Duration.ofDays(2), (long) CACHED_ROWS * ReportRowCache.ROW_BYTES).stream()
        .<StoreBuilder<?>>map(StoreBuilder::withLoggingDisabled).toList();
    context = openTask(0);
    cache = context.getStateStore(ClickStores.REPORT_ROW_CACHE);
    buckets = new ReportBuckets(context, SUB_ID_ROWS);
    cube = context.getStateStore(ClickStores.CLICK_REPORT);
    subIds = context.getStateStore(ClickStores.SUB_ID_REPORT);
    otherSubIds = context.getStateStore(ClickStores.SUB_ID_OTHER_REPORT);
  }

  /** The report stores of the app's task on this partition (RocksDB under stateDir), in a context of their own. */
  private MockProcessorContext<Void, Void> openTask(int partition) throws IOException {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "report-row-cache-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<Void, Void> task = new MockProcessorContext<>(config, new TaskId(0, partition),
        Files.createDirectories(stateDir.resolve("task-" + partition)).toFile());
    task.setCurrentStreamTimeMs(NEVER_COMMITTED);
    for (StoreBuilder<?> builder : app) {
      StateStore store = builder.build();
      store.init(task.getStateStoreContext(), store);
      task.addStateStore(store);
      stores.add(store);
    }
    return task;
  }

  /** A task of another app, whose row caches hold this many rows and whose sub id rows per hour are as many. */
  private AppTask openTaskOfAppWithRoomFor(int rows) throws IOException {
    app = ReportBuckets.storeBuilders(Duration.ofDays(2), (long) rows * ReportRowCache.ROW_BYTES).stream()
        .<StoreBuilder<?>>map(StoreBuilder::withLoggingDisabled).toList();
    MockProcessorContext<Void, Void> task = openTask(1);
    return new AppTask(task, task.getStateStore(ClickStores.REPORT_ROW_CACHE), new ReportBuckets(task, rows));
  }

  private record AppTask(MockProcessorContext<Void, Void> context, ReportRowCache cache, ReportBuckets buckets) {}

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
  }

  @Test
  void aRowIsWrittenOncePerCommitAndAQueryCountsItBeforeThat() {
    click(null, 3);
    assertNull(cube.fetch(OFFER_1, TEN), "nothing is written before the commit");
    assertEquals(3, clicksOf(LocalReports.read(day(), cache.cube, cube)), "a query counts the cache's row");
    assertEquals(List.of(OFFER_1), LocalReports.read(day(), cache.cube, cube).stream()
        .map(ReportRowCache.RowValue::key).toList(), "under its own key, read back from the bytes the cache keeps");

    cache.flushCache();
    assertEquals(3, cube.fetch(OFFER_1, TEN).getTotalClicks());
    click(null, 2);
    assertEquals(3, cube.fetch(OFFER_1, TEN).getTotalClicks(), "the store keeps the committed row until the commit");
    assertEquals(5, clicksOf(LocalReports.read(day(), cache.cube, cube)),
        "the cache's row replaces the store's in a query, not adds to it");

    cache.flushCache();
    assertEquals(5, cube.fetch(OFFER_1, TEN).getTotalClicks());
  }

  @Test
  void aTaskBackAtItsLastCommitDropsWhatCameAfterItAndReadsTheStoreAgain() {
    click(null, 4);
    cache.flushCache();
    click(null, 6); // processed, then the transaction is aborted
    cache.clearCache();
    assertEquals(4, clicksOf(LocalReports.read(day(), cache.cube, cube)));

    click(null, 1); // processed again after the abort
    cache.flushCache();
    assertEquals(5, cube.fetch(OFFER_1, TEN).getTotalClicks());
  }

  @Test
  void rowsThatFillTheCacheAskForACommitWhichKeepsOnlyTheRowsAskedForAgainAndTheSubIdRowLimitHoldsAcrossIt() {
    // five rows: the cube's, a's and b's, their tally, and the overflow row of c to h, which keep no rows of their own
    for (String value : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      click(value, 1);
    }
    assertFalse(context.committed());
    add(context, buckets, null, TEN + 3_600_000L); // and the cube's row of the next hour
    assertTrue(context.committed(), "the rows filled the cache: the task asks to commit");
    cache.flushCache();
    assertEquals(List.of(1, 0, 1, 1), List.of(cache.cube.size(), cache.subIds.size(), cache.otherSubIds.size(),
        cache.subIdRows.size()), "the rows asked for again stay: the cube row of ten, the overflow row, the tally");
    assertEquals(1, cube.fetch(OFFER_1, TEN + 3_600_000L).getTotalClicks(), "every row is in its store");
    assertEquals(9, clicksOf(LocalReports.read(day(), cache.cube, cube)));
    context.resetCommit();

    click("i", 1); // a third value of the hour: the tally, still here, sends it to the overflow row
    click("a", 1); // a's row was let go: it is read back
    cache.flushCache();
    assertFalse(context.committed());
    assertEquals(2, subIds.fetch(subIdKey("a"), TEN).getTotalClicks());
    assertEquals(1, subIds.fetch(subIdKey("b"), TEN).getTotalClicks());
    assertNull(subIds.fetch(subIdKey("c"), TEN), "the hour had two rows for the slot, affiliate and offer");
    assertNull(subIds.fetch(subIdKey("i"), TEN));
    assertEquals(7, otherSubIds.fetch(new SubIdKey(2, null, true, SUB_ID_DIMENSIONS), TEN).getTotalClicks(),
        "c to h, then i");
  }

  @Test
  void aCacheFullOfRowsInUseLetsThemAllGo() {
    for (int hour = 0; hour < CACHED_ROWS; hour++) {
      long time = TEN + hour * 3_600_000L;
      add(context, buckets, null, time);
      if (hour < CACHED_ROWS - 1) {
        add(context, buckets, null, time + 60_000L); // asked for again
      }
    }
    assertTrue(context.committed());
    cache.flushCache();
    assertEquals(0, cache.cube.size(), "five of the six rows were in use: dropping one would fill the cache again");
    assertFalse(cache.full());
    assertEquals(2, cube.fetch(OFFER_1, TEN).getTotalClicks());
    assertEquals(11, clicksOf(LocalReports.read(day(), cache.cube, cube)), "every row is in its store");
  }

  @Test
  void theTasksOfAnAppShareOneBudgetAndEachTasksNextCommitLetsRowsGoWhenItFills() throws IOException {
    MockProcessorContext<Void, Void> otherContext = openTask(1);
    ReportRowCache otherCache = otherContext.getStateStore(ClickStores.REPORT_ROW_CACHE);
    ReportBuckets other = new ReportBuckets(otherContext, SUB_ID_ROWS);
    click(null, 1); // one cube row
    // five rows: the cube's, two sub id rows and their tally, the overflow row of c and d
    for (String value : List.of("a", "b", "c", "d")) {
      add(otherContext, other, value, TEN);
    }
    assertFalse(context.committed());
    assertTrue(otherContext.committed(), "the six rows of both tasks fill the budget");
    assertTrue(cache.full());

    cache.flushCache(); // this task's commit: its row, used once, goes; the other task's stay until its commit
    assertEquals(0, cache.cube.size());
    assertEquals(1, cube.fetch(OFFER_1, TEN).getTotalClicks());
    assertTrue(otherCache.cube.size() > 0);
    assertFalse(cache.full(), "five rows of six");
    otherCache.flushCache(); // the other task's commit, under the budget now, goes through the same fill
    assertEquals(0, otherCache.cube.size() + otherCache.subIds.size() + otherCache.otherSubIds.size()
        + otherCache.subIdRows.size(), "a and b went, used once; then most rows left were in use, and all went");
    WindowStore<SubIdKey, ReportCounts> otherSubIds = otherContext.getStateStore(ClickStores.SUB_ID_REPORT);
    assertEquals(1, otherSubIds.fetch(subIdKey("b"), TEN).getTotalClicks(), "in its store");
    otherCache.flushCache();
    add(otherContext, other, "a", TEN);
    assertEquals(1, otherCache.subIds.size(), "a, read back; the next commit lets nothing go: no fill since");
    otherCache.flushCache();
    assertEquals(1, otherCache.subIds.size());
  }

  @Test
  void thousandsOfRowsKeepTheirKeysAndCountsAsTheCacheGrowsAndLetsGoInPlace() throws IOException {
    AppTask app = openTaskOfAppWithRoomFor(ROWS_OF_A_BIGGER_APP);
    MockProcessorContext<Void, Void> task = app.context();
    ReportRowCache rowCache = app.cache();
    ReportBuckets to = app.buckets();
    int rows = ROWS_OF_A_BIGGER_APP;
    WindowStore<SubIdKey, ReportCounts> store = task.getStateStore(ClickStores.SUB_ID_REPORT);
    // keys of many lengths, so that rows move by different amounts when the cache lets some go
    List<String> values = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      values.add("v" + i + "-".repeat(i % 41));
    }
    for (String value : values.subList(0, 2_000)) {
      add(task, to, value, TEN);
    }
    for (int i = 0; i < 2_000; i += 3) {
      add(task, to, values.get(i), TEN + 60_000L); // asked for again: kept when the cache is full
    }
    for (String value : values.subList(2_000, rows)) {
      add(task, to, value, TEN);
    }
    assertTrue(task.committed(), "the rows filled the cache");
    rowCache.flushCache();
    assertEquals(667, rowCache.subIds.size(), "the rows asked for again stay");
    for (int i = 0; i < rows; i++) {
      assertEquals(i < 2_000 && i % 3 == 0 ? 2 : 1, store.fetch(subIdKey(values.get(i)), TEN).getTotalClicks(),
          values.get(i));
    }

    for (int i = 0; i < 2_000; i++) {
      add(task, to, values.get(i), TEN + 120_000L); // the rows kept are found here, the others read back
    }
    assertEquals(2_000, rowCache.subIds.size());
    long counted = LocalReports.read(day(), rowCache.subIds, store).stream()
        .mapToLong(row -> row.value().getTotalClicks()).sum();
    assertEquals(rows + 667 + 2_000, counted, "a query counts every click, from the cache and the store");
    rowCache.flushCache();
    for (int i = 0; i < 2_000; i++) {
      assertEquals(i % 3 == 0 ? 3 : 2, store.fetch(subIdKey(values.get(i)), TEN).getTotalClicks(), values.get(i));
    }
  }

  @Test
  void aTasksRowsKeepTheirRoomThroughAFillAndGiveItBackWhenFewerCameSince() throws IOException {
    AppTask app = openTaskOfAppWithRoomFor(ROWS_OF_A_BIGGER_APP);
    for (int i = 0; i < ROWS_OF_A_BIGGER_APP; i++) {
      add(app.context(), app.buckets(), "v" + i, TEN);
    }
    assertTrue(app.context().committed(), "the rows filled the cache");
    app.cache().flushCache();
    assertEquals(0, app.cache().subIds.size(), "each sub id row was asked for once: all went");
    assertTrue(app.cache().subIds.capacity() >= ROWS_OF_A_BIGGER_APP,
        "the clicks after a fill bring as many rows back: the arrays keep room for them, not regrow by doubling");

    for (int i = 0; i < 10; i++) {
      add(app.context(), app.buckets(), "w" + i, TEN);
    }
    app.cache().clearCache();
    assertTrue(app.cache().subIds.capacity() < ROWS_OF_A_BIGGER_APP,
        "ten rows since the fill: the arrays shrink to what is held");
  }

  @Test
  void aTaskThatStartsAgainReadsBackTheRowsOfTheHourItCommittedInAndOnlyThose() {
    click("a", 2);
    cache.flushCache();
    restart(TEN + 5 * 60_000L); // its last commit had the stream time of those clicks
    click("a", 1);
    cache.flushCache();
    assertEquals(3, subIds.fetch(subIdKey("a"), TEN).getTotalClicks(), "the row of before the restart, read back");

    // committed in the hour before: the task knows it wrote nothing in the ten o'clock hour, so a row there (which
    // none of its runs could have written) is not looked for
    restart(TEN - 1);
    subIds.put(subIdKey("b"), new ReportCounts(5L, 5L, 0.0, 0L, 0L, 0.0, 0L), TEN);
    click("b", 1);
    cache.flushCache();
    assertEquals(1, subIds.fetch(subIdKey("b"), TEN).getTotalClicks());
  }

  /** The task's cache and processors start again (its stores stay), after a commit at this stream time. */
  private void restart(long committedStreamTime) {
    cache.close();
    cache = (ReportRowCache) app.stream().filter(builder -> builder.name().equals(ClickStores.REPORT_ROW_CACHE))
        .findFirst().orElseThrow().build();
    cache.init(context.getStateStoreContext(), cache);
    context.addStateStore(cache);
    stores.add(cache);
    context.setCurrentStreamTimeMs(committedStreamTime);
    buckets = new ReportBuckets(context, SUB_ID_ROWS);
  }

  /** Clicks of one report row in the ten o'clock hour, with this s2. */
  private void click(String s2, int clicks) {
    for (int i = 0; i < clicks; i++) {
      add(context, buckets, s2, TEN + 60_000L * i);
    }
  }

  /** One click at this time, processed as a task does: its time is the stream time at least. */
  private static void add(MockProcessorContext<Void, Void> task, ReportBuckets to, String s2, long time) {
    task.setCurrentStreamTimeMs(Math.max(task.currentStreamTimeMs(), time));
    to.add(OFFER_1, Arrays.asList(s2, null, null, null), time, new ReportCounts(1L, 1L, 0.0, 0L, 0L, 0.0, 0L));
  }

  private static SubIdKey subIdKey(String value) {
    return new SubIdKey(2, value, false, SUB_ID_DIMENSIONS);
  }

  private static ReportQuery day() {
    return ReportQuery.parse(Map.of("from", List.of("2026-03-02T00:00:00Z"), "to", List.of("2026-03-03T00:00:00Z")),
        Instant.now());
  }

  private static long clicksOf(List<ReportRowCache.RowValue<ReportKey, ReportCounts>> rows) {
    return rows.stream().mapToLong(row -> row.value().getTotalClicks()).sum();
  }
}
