package io.tracker.clicks;

import static io.tracker.clicks.ReportQueryTest.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.platform.Json;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Grouping, filtering, rates and formats of report rows, from store buckets as the stores hold them. */
class ReportTableTest {
  private static final Instant NOW = Instant.parse("2026-03-05T00:00:00Z");
  private static final String WHOLE_RANGE = "from=2026-03-01T00:00:00Z";

  /** One hour bucket of the report cube. */
  record Bucket(ReportKey key, String hour, ReportCounts counts) {}

  private static final List<Bucket> BUCKETS = List.of(
      bucket(1, 7, "news", false, "2026-03-01T23:00:00Z", clicks(2)),
      bucket(1, 7, "news", false, "2026-03-02T00:00:00Z", clicks(3)),
      bucket(1, 7, "news", false, "2026-03-02T01:00:00Z", clicks(1)),
      bucket(2, 8, null, false, "2026-03-02T00:00:00Z", new ReportCounts(4L, 6L, 1.0, 2_500_000L, 1_200_000L, 0.0, 0L)),
      bucket(1, 7, "news", true, "2026-03-02T00:00:00Z", clicks(5)));

  @Test
  void rollsHoursUpIntoUtcDays() {
    assertRows(table(WHOLE_RANGE, "groupBy=day"),
        Map.of("day", "2026-03-01T00:00:00Z", "clicks", 2L),
        Map.of("day", "2026-03-02T00:00:00Z", "clicks", 8L));
  }

  @Test
  void sortsRowsByTheirDimensions() {
    assertRows(table(WHOLE_RANGE, "groupBy=hour,affiliate"),
        Map.of("affiliateId", 1L, "hour", "2026-03-01T23:00:00Z", "clicks", 2L),
        Map.of("affiliateId", 1L, "hour", "2026-03-02T00:00:00Z", "clicks", 3L),
        Map.of("affiliateId", 1L, "hour", "2026-03-02T01:00:00Z", "clicks", 1L),
        Map.of("affiliateId", 2L, "hour", "2026-03-02T00:00:00Z", "clicks", 4L));
  }

  @Test
  void groupsByOfferAndSubIdWhereASubIdMayBeMissing() {
    ReportTable table = table(WHOLE_RANGE, "groupBy=s1,offer");
    List<Map<String, Object>> rows = table.rows();

    assertEquals(List.of("offerId", "s1", "clicks", "totalClicks", "conversions", "revenue", "payout",
        "conversionRate", "epc", "pendingConversions", "pendingPayout"), table.columns());
    assertEquals(List.copyOf(rows.get(0).keySet()), table.columns());
    assertEquals(2, rows.size());
    assertEquals(7L, rows.get(0).get("offerId"));
    assertEquals("news", rows.get(0).get("s1"));
    assertEquals(6L, rows.get(0).get("clicks"));
    assertEquals(8L, rows.get(1).get("offerId"));
    assertTrue(rows.get(1).containsKey("s1") && rows.get(1).get("s1") == null, "a grouped dimension is always there");
  }

  @Test
  void withoutGroupByAnswersOneTotalRowOrNoneWithoutData() {
    List<Map<String, Object>> rows = table(WHOLE_RANGE).rows();

    assertEquals(1, rows.size());
    assertEquals(List.of("clicks", "totalClicks", "conversions", "revenue", "payout", "conversionRate", "epc",
        "pendingConversions", "pendingPayout"),
        List.copyOf(rows.get(0).keySet()));
    assertEquals(10L, rows.get(0).get("clicks"));
    assertEquals(List.of(), table("from=2026-03-03T00:00:00Z").rows());
  }

  @Test
  void filtersByExactMatchAndLeavesTestTrafficOutUnlessAsked() {
    assertEquals(4L, total(table(WHOLE_RANGE, "affiliateId=2"), "clicks"));
    assertEquals(6L, total(table(WHOLE_RANGE, "s1=news"), "clicks"));
    assertEquals(11L, total(table(WHOLE_RANGE, "s1=news", "test=true"), "clicks"));
    assertEquals(0, table(WHOLE_RANGE, "offerId=7", "campaignId=71").rows().size());
  }

  @Test
  void takesTheBucketsThatStartInTheRangeEndExcluded() {
    assertEquals(7L, total(table("from=2026-03-02T00:00:00Z", "to=2026-03-02T01:00:00Z"), "clicks"));
    assertEquals(1L, total(table("from=2026-03-02T00:30:00Z", "to=2026-03-02T01:00:00.001Z"), "clicks"),
        "a bucket that started before from is left out");
  }

  @Test
  void derivesMoneyAndRatesPerUniqueClick() throws Exception {
    Map<String, Object> row = table(WHOLE_RANGE, "affiliateId=2").rows().get(0);

    assertEquals("{\"clicks\":4,\"totalClicks\":6,\"conversions\":1,\"revenue\":2.5,\"payout\":1.2,"
        + "\"conversionRate\":0.25,\"epc\":0.625,\"pendingConversions\":0,\"pendingPayout\":0}", Json.MAPPER.writeValueAsString(row));
    Map<String, Object> noConversions = table(WHOLE_RANGE, "affiliateId=1").rows().get(0);
    assertEquals("{\"clicks\":6,\"totalClicks\":6,\"conversions\":0,\"revenue\":0,\"payout\":0,"
        + "\"conversionRate\":0,\"epc\":0,\"pendingConversions\":0,\"pendingPayout\":0}", Json.MAPPER.writeValueAsString(noConversions));
  }

  @Test
  void roundsRatesToFourDecimals() {
    ReportTable table = new ReportTable(ReportQuery.parse(parameters(WHOLE_RANGE), NOW));
    table.addBucket(key(3, 0, null, false, "Desktop"), null, Instant.parse("2026-03-02T00:00:00Z").toEpochMilli(),
        new ReportCounts(3L, 3L, 1.0, 1_000_000L, 0L, 0.0, 0L));

    Map<String, Object> row = table.rows().get(0);

    assertEquals("0.3333", row.get("conversionRate").toString());
    assertEquals("0.3333", row.get("epc").toString());
  }

  @Test
  void showsFractionalConversionsWithAtMostFourDecimalsAndWholeOnesWithout() throws Exception {
    ReportTable table = new ReportTable(ReportQuery.parse(parameters(WHOLE_RANGE, "groupBy=affiliate"), NOW));
    long hour = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 3; i++) {
      table.addBucket(key(1, 7, null, false, "Desktop"), null, hour, new ReportCounts(1L, 1L, 1.0 / 3, 0L, 0L, 0.0, 0L));
    }
    table.addBucket(key(2, 7, null, false, "Desktop"), null, hour, new ReportCounts(3L, 3L, 1.0 / 3, 0L, 0L, 0.0, 0L));
    table.addBucket(key(3, 7, null, false, "Desktop"), null, hour, new ReportCounts(10L, 10L, 0.1 + 0.2, 0L, 0L, 0.0, 0L));

    assertEquals("""
        affiliateId,clicks,totalClicks,conversions,revenue,payout,conversionRate,epc,pendingConversions,pendingPayout
        1,3,3,1,0,0,0.3333,0,0,0
        2,3,3,0.3333,0,0,0.1111,0,0,0
        3,10,10,0.3,0,0,0.03,0,0,0
        """, table.csv());
    assertEquals("{\"affiliateId\":1,\"clicks\":3,\"totalClicks\":3,\"conversions\":1,\"revenue\":0,\"payout\":0,"
        + "\"conversionRate\":0.3333,\"epc\":0,\"pendingConversions\":0,\"pendingPayout\":0}",
        Json.MAPPER.writeValueAsString(table.rows().get(0)));
  }

  @Test
  void groupsAndFiltersByDeviceBrowserAndOs() {
    assertRows(table(WHOLE_RANGE, "groupBy=device"),
        Map.of("device", "Desktop", "clicks", 6L),
        Map.of("device", "Phone", "clicks", 4L));
    assertEquals(4L, total(table(WHOLE_RANGE, "device=Phone"), "clicks"));
  }

  @Test
  void groupsByASubIdWithTheHoursOverflowAsOneOtherRowAndTheRestAsNoValue() {
    ReportTable table = subIdTable("groupBy=s2");

    List<Map<String, Object>> rows = table.rows();
    assertEquals(3, rows.size());
    assertNull(rows.get(0).get("s2"), "clicks without s2 first");
    assertEquals(4L, rows.get(0).get("clicks"), "the cube's 12 clicks less the 8 in rows with a value");
    assertEquals("(other)", rows.get(1).get("s2"));
    assertEquals(5L, rows.get(1).get("clicks"));
    assertEquals("banner-1", rows.get(2).get("s2"));
    assertEquals(3L, rows.get(2).get("clicks"), "one row for both affiliates");
  }

  @Test
  void aSubIdFilterTakesOnlyItsRowsAndNoValueRowIsLeftOutWhenEveryClickHadOne() {
    assertRows(subIdTable("groupBy=affiliate", "s2=banner-1"),
        Map.of("affiliateId", 1L, "clicks", 2L),
        Map.of("affiliateId", 2L, "clicks", 1L));

    ReportTable everyClickHasOne = new ReportTable(ReportQuery.parse(parameters(WHOLE_RANGE, "groupBy=s2"), NOW));
    long hour = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    everyClickHasOne.addBucket(key(1, 7, null, false, "Desktop"), null, hour,
        new ReportCounts(2L, 2L, 1.0 / 3 + 1.0 / 3, 0L, 0L, 0.0, 0L));
    everyClickHasOne.moveToSubId(key(1, 7, null, false, null), "banner-1", hour,
        new ReportCounts(1L, 1L, 1.0 / 3, 0L, 0L, 0.0, 0L));
    everyClickHasOne.moveToSubId(key(1, 7, null, false, null), "banner-2", hour,
        new ReportCounts(1L, 1L, 1.0 / 3, 0L, 0L, 0.0, 0L));

    assertEquals(List.of("banner-1", "banner-2"), everyClickHasOne.rows().stream().map(row -> row.get("s2")).toList());
  }

  /** As a sub id query reads a partition: the cube's buckets under no value, then the slot's rows moved out. */
  private static ReportTable subIdTable(String... query) {
    ReportTable table = new ReportTable(ReportQuery.parse(parameters(Stream.concat(Stream.of(WHOLE_RANGE),
        Stream.of(query)).toArray(String[]::new)), NOW));
    long hour = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    table.addBucket(key(1, 7, null, false, "Desktop"), null, hour, clicks(7));
    table.addBucket(key(1, 7, null, false, "Phone"), null, hour, clicks(4));
    table.addBucket(key(2, 7, null, false, "Desktop"), null, hour, clicks(1));
    table.moveToSubId(key(1, 7, null, false, null), "banner-1", hour, clicks(2));
    table.moveToSubId(key(2, 7, null, false, null), "banner-1", hour, clicks(1));
    table.moveToSubId(key(1, 7, null, false, null), ReportTable.Group.OTHER_SUB_IDS, hour, clicks(5));
    return table;
  }

  @Test
  void writesTheSameRowsAsCsvWithAHeader() {
    String csv = table(WHOLE_RANGE, "groupBy=affiliate,s1").csv();

    assertEquals("""
        affiliateId,s1,clicks,totalClicks,conversions,revenue,payout,conversionRate,epc,pendingConversions,pendingPayout
        1,news,6,6,0,0,0,0,0,0,0
        2,,4,6,1,2.5,1.2,0.25,0.625,0,0
        """, csv);
  }

  @Test
  void addsUpPartialSumsOfSeveralInstancesAsIfOneHeldEverything() throws Exception {
    String[] query = {WHOLE_RANGE, "groupBy=day,offer", "test=true"};
    ReportTable first = new ReportTable(ReportQuery.parse(parameters(query), NOW));
    ReportTable second = new ReportTable(ReportQuery.parse(parameters(query), NOW));
    for (int i = 0; i < BUCKETS.size(); i++) {
      Bucket bucket = BUCKETS.get(i);
      (i % 2 == 0 ? first : second).addBucket(bucket.key(), null, Instant.parse(bucket.hour()).toEpochMilli(),
          bucket.counts());
    }
    ReportTable merged = new ReportTable(ReportQuery.parse(parameters(query), NOW));
    for (ReportTable instance : List.of(first, second)) {
      byte[] sent = Json.MAPPER.writeValueAsBytes(instance.partial());
      merged.addPartial(Json.MAPPER.readValue(sent, ReportTable.Partial.class));
    }

    assertEquals(table(query).rows(), merged.rows());
  }

  private static ReportTable table(String... query) {
    ReportTable table = new ReportTable(ReportQuery.parse(parameters(query), NOW));
    BUCKETS.forEach(b -> table.addBucket(b.key(), null, Instant.parse(b.hour()).toEpochMilli(), b.counts()));
    return table;
  }

  private static long total(ReportTable table, String metric) {
    return table.rows().stream().mapToLong(row -> (Long) row.get(metric)).sum();
  }

  /** The table's rows are these, in this order, compared on the columns the expected rows name. */
  @SafeVarargs
  private static void assertRows(ReportTable table, Map<String, Object>... expected) {
    Set<String> columns = expected[0].keySet();
    assertEquals(List.of(expected), table.rows().stream().map(row -> {
      Map<String, Object> cut = new HashMap<>();
      columns.forEach(column -> cut.put(column, row.get(column)));
      return cut;
    }).toList());
  }

  private static Bucket bucket(long affiliateId, long offerId, String s1, boolean test, String hour,
      ReportCounts counts) {
    return new Bucket(key(affiliateId, offerId, s1, test, affiliateId == 2 ? "Phone" : "Desktop"), hour, counts);
  }

  private static ReportKey key(long affiliateId, long offerId, String s1, boolean test, String device) {
    return new ReportKey(affiliateId, offerId, 70L, 9L, s1, test, device, null, null, null, null);
  }

  private static ReportCounts clicks(long clicks) {
    return new ReportCounts(clicks, clicks, 0.0, 0L, 0L, 0.0, 0L);
  }
}
