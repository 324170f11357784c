package io.tracker.clicks;

import static io.tracker.clicks.TestClicks.click;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionChange;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.events.JudgedClick;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clicks and attributed conversions through the whole app topology into hourly report buckets and sub id rows. */
class ClickReportTopologyTest {
  private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");
  private static final int SUB_ID_ROWS = 2;

  @TempDir Path stateDir;
  private ClickStreamsDriver app;
  private TestOutputTopic<String, JudgedClick> processed;
  private WindowStore<ReportKey, ReportCounts> report;
  private WindowStore<SubIdKey, ReportCounts> subIds;

  @BeforeEach
  void startDriver() {
    app = new ClickStreamsDriver(stateDir, Map.of("clickStreams.subIdRowsPerHour", SUB_ID_ROWS), Instant.now());
    processed = app.driver.createOutputTopic(Topics.PROCESSED_CLICKS, new StringDeserializer(), ProcessedClicks.JUDGED);
    report = app.driver.getWindowStore(ClickStores.CLICK_REPORT);
    subIds = app.driver.getWindowStore(ClickStores.SUB_ID_REPORT);
  }

  @AfterEach
  void closeDriver() {
    app.close();
  }

  @Test
  void countsEveryClickInTotalClicksAndOnlyUniqueOnesInClicks() {
    String visitor = VisitorId.mint();
    assertEquals(Disposition.UNIQUE, send(click(visitor, NINE.plusSeconds(60))).getDisposition());
    assertEquals(Disposition.DUPLICATE, send(click(visitor, NINE.plusSeconds(62))).getDisposition());
    assertEquals(Disposition.REPEAT, send(click(visitor, NINE.plusSeconds(600)).setS2("x")).getDisposition());
    assertEquals(Disposition.BOT, send(click(VisitorId.mint(), NINE.plusSeconds(700))
        .setUserAgent(TestClicks.GOOGLEBOT)).getDisposition());
    assertEquals(Disposition.UNIQUE, send(click(VisitorId.mint(), NINE.plusSeconds(800))).getDisposition());

    assertEquals(new ReportCounts(2L, 4L, 0.0, 0L, 0L, 0.0, 0L), report.fetch(chromeOnWindows(1, false), hour(NINE)),
        "the person's clicks, by their device");
    assertEquals(new ReportCounts(2L, 5L, 0.0, 0L, 0L, 0.0, 0L), sumOfHour(NINE), "and the bot's under its own");
  }

  @Test
  void keepsDevicesAndTestClicksApart() {
    send(click(VisitorId.mint(), NINE.plusSeconds(60)));
    send(click(VisitorId.mint(), NINE.plusSeconds(70)).setTest(true));
    send(click(VisitorId.mint(), NINE.plusSeconds(80)).setUserAgent(TestClicks.PHONE));

    assertEquals(1, totalClicks(chromeOnWindows(1, false), NINE));
    assertEquals(1, totalClicks(chromeOnWindows(1, true), NINE));
    assertEquals(1, totalClicks(new ReportKey(1L, 7L, 70L, 9L, "news", false, "Phone", "Safari", "iOS", null, null), NINE));
  }

  @Test
  void aLateClickCountsInItsOwnHourAndTheLastMillisecondOfAnHourBelongsToIt() {
    send(click(VisitorId.mint(), TEN.plusSeconds(1800)));
    send(click(VisitorId.mint(), TEN.minusMillis(1)));
    send(click(VisitorId.mint(), TEN));

    assertEquals(1, totalClicks(chromeOnWindows(1, false), NINE));
    assertEquals(2, totalClicks(chromeOnWindows(1, false), TEN));
  }

  @Test
  void aClickWithoutOfferCountsUnderOfferAndCampaignZero() {
    send(click(VisitorId.mint(), NINE.plusSeconds(60)).setOfferId(null).setCampaignId(null));

    assertEquals(1, totalClicks(ReportKey.newBuilder(chromeOnWindows(1, false)).setOfferId(0L).setCampaignId(0L).build(),
        NINE));
    assertNull(report.fetch(chromeOnWindows(1, false), hour(NINE)));
  }

  @Test
  void addsFractionalCreditsInTheHourOfTheConversionUnderTheirClicksDimensions() {
    String visitor = VisitorId.mint();
    JudgedClick first = send(click(visitor, NINE.plusSeconds(600)).setS2("banner-1"));
    JudgedClick second = send(click(visitor, TEN.plusSeconds(600)).setAffiliateId(2));

    app.send(attributed("conversion-1", ELEVEN.plusSeconds(60), false,
        credit(first, 0.25, 1_000_000, 500_000), credit(second, 0.75, 3_000_000, 1_500_000)));

    assertEquals(new ReportCounts(0L, 0L, 0.25, 1_000_000L, 500_000L, 0.0, 0L), report.fetch(chromeOnWindows(1, false),
        hour(ELEVEN)));
    assertEquals(new ReportCounts(0L, 0L, 0.75, 3_000_000L, 1_500_000L, 0.0, 0L), report.fetch(chromeOnWindows(2, false),
        hour(ELEVEN)));
    assertEquals(0.25, subIds.fetch(new SubIdKey(2, "banner-1", false, subIdDimensions(1, false)), hour(ELEVEN))
        .getConversions(), "the credit takes the click's sub ids");
  }

  @Test
  void aHeldConversionCountsAsPendingUntilApprovedAndARejectionTakesItsFiguresOutOfItsHour() {
    JudgedClick click = send(click(VisitorId.mint(), NINE.plusSeconds(600)));
    AttributedConversion held = attributed("conversion-5", TEN.plusSeconds(60), false,
        credit(click, 1.0, 4_000_000, 2_500_000));
    held.setConversionStatus(ConversionStatus.PENDING);
    app.send(held);
    assertEquals(new ReportCounts(0L, 0L, 0.0, 0L, 0L, 1.0, 2_500_000L), report.fetch(chromeOnWindows(1, false),
        hour(TEN)), "pending: beside the approved figures, not in them");

    AttributedConversion approved = AttributedConversion.newBuilder(held)
        .setConversionStatus(ConversionStatus.APPROVED).build();
    app.send(new ConversionChange(held, approved), ELEVEN.plusSeconds(5));
    assertEquals(new ReportCounts(0L, 0L, 1.0, 4_000_000L, 2_500_000L, 0.0, 0L), report.fetch(chromeOnWindows(1, false),
        hour(TEN)), "approved: counted, in the hour of the conversion (the change's timestamp is its time)");

    AttributedConversion repriced = AttributedConversion.newBuilder(approved).setCredits(List.of(
        credit(click, 1.0, 3_000_000, 1_000_000))).build();
    app.send(new ConversionChange(approved, repriced), TEN.plusSeconds(60));
    AttributedConversion rejected = AttributedConversion.newBuilder(repriced)
        .setConversionStatus(ConversionStatus.REJECTED).build();
    app.send(new ConversionChange(repriced, rejected), TEN.plusSeconds(60));
    assertEquals(new ReportCounts(0L, 0L, 0.0, 0L, 0L, 0.0, 0L), report.fetch(chromeOnWindows(1, false), hour(TEN)),
        "rejected after approval: its figures are taken out again");
  }

  @Test
  void countsAConversionIdOnceAndOnlyAttributedConversions() {
    JudgedClick click = send(click(VisitorId.mint(), NINE.plusSeconds(600)));
    AttributedConversion conversion = attributed("conversion-2", TEN.plusSeconds(60), false,
        credit(click, 1.0, 4_000_000, 2_500_000));
    app.send(conversion);
    app.send(conversion);
    AttributedConversion unattributed = attributed("conversion-3", TEN.plusSeconds(120), false,
        credit(click, 1.0, 4_000_000, 2_500_000));
    unattributed.setStatus(AttributionStatus.UNATTRIBUTED);
    app.send(unattributed);
    app.send(attributed("conversion-4", TEN.plusSeconds(180), true, credit(click, 1.0, 4_000_000, 2_500_000)));

    assertEquals(new ReportCounts(0L, 0L, 1.0, 4_000_000L, 2_500_000L, 0.0, 0L), report.fetch(chromeOnWindows(1, false),
        hour(TEN)));
    assertEquals(1.0, report.fetch(chromeOnWindows(1, true), hour(TEN)).getConversions(),
        "test follows the conversion");
  }

  @Test
  void aCreditWhoseClickIsUnknownCountsWithoutDeviceAndSubIds() {
    // as attribution wrote credits before they carried their click's device and sub ids
    Credit unknown = TestClicks.credit(click(VisitorId.mint(), NINE.plusSeconds(600)).setS2("banner-1").build(),
        1.0, 1_000_000, 0);
    unknown.setS2(null);
    unknown.setDeviceClass(null);
    unknown.setBrowser(null);
    unknown.setOs(null);
    app.send(attributed("conversion-5", TEN.plusSeconds(60), false, unknown));

    assertEquals(1.0, report.fetch(subIdDimensions(1, false), hour(TEN)).getConversions());
    assertNull(subIds.fetch(new SubIdKey(2, null, false, subIdDimensions(1, false)), hour(TEN)),
        "no sub id values, no sub id rows: a report derives the row of no value from the cube");
  }

  @Test
  void keepsAFixedNumberOfSubIdRowsPerHourAndCountsTheRestInOneOverflowRow() {
    for (String value : new String[] {"a", "b", "c", "d", "a", null}) {
      send(click(VisitorId.mint(), NINE.plusSeconds(60)).setS3(value));
    }
    send(click(VisitorId.mint(), TEN.plusSeconds(60)).setS3("c"));

    assertEquals(2, subIdClicks("a", false, NINE));
    assertEquals(1, subIdClicks("b", false, NINE));
    assertEquals(0, subIdClicks("c", false, NINE));
    assertEquals(2, subIdClicks(null, true, NINE), "c and d: past the " + SUB_ID_ROWS + " rows of the hour");
    assertEquals(0, subIdClicks(null, false, NINE), "clicks without s3 have no row: it is the cube's less the rows");
    assertEquals(1, subIdClicks("c", false, TEN), "a new hour, new rows");
  }

  @Test
  void keepsTheClicksThatArriveOutOfOrderForLookUpsAtTheirTimeWithWhereTheyAreAndTheirJudgement() {
    JudgedClick onTime = send(click(VisitorId.mint(), TEN.plusSeconds(60)).setUserAgent(TestClicks.GOOGLEBOT));
    JudgedClick late = send(click(VisitorId.mint(), NINE.plusSeconds(60)).setUserAgent(TestClicks.GOOGLEBOT));
    WindowStore<String, LateClicks.LateClick> lateClicks = app.driver.getWindowStore(ClickStores.LATE_CLICKS);

    assertNull(lateClicks.fetch(onTime.getClickId(), onTime.getTime()), "the topics hold it near its time");
    LateClicks.LateClick kept = lateClicks.fetch(late.getClickId(), late.getTime());
    assertEquals(late, kept.judged());
    assertEquals(1, kept.offset(), "the second record of the click topic");
  }

  private long subIdClicks(String value, boolean overflow, Instant hour) {
    WindowStore<SubIdKey, ReportCounts> rows = overflow ? app.driver.getWindowStore(ClickStores.SUB_ID_OTHER_REPORT) : subIds;
    ReportCounts counts = rows.fetch(new SubIdKey(3, value, overflow, subIdDimensions(1, false)), hour(hour));
    return counts == null ? 0 : counts.getTotalClicks();
  }

  private long totalClicks(ReportKey key, Instant hour) {
    ReportCounts counts = report.fetch(key, hour(hour));
    return counts == null ? 0 : counts.getTotalClicks();
  }

  private ReportCounts sumOfHour(Instant hour) {
    long clicks = 0;
    long totalClicks = 0;
    try (KeyValueIterator<Windowed<ReportKey>, ReportCounts> buckets = report.fetchAll(hour, hour)) {
      while (buckets.hasNext()) {
        KeyValue<Windowed<ReportKey>, ReportCounts> bucket = buckets.next();
        clicks += bucket.value.getClicks();
        totalClicks += bucket.value.getTotalClicks();
      }
    }
    return new ReportCounts(clicks, totalClicks, 0.0, 0L, 0L, 0.0, 0L);
  }

  private static long hour(Instant hourStart) {
    return hourStart.toEpochMilli();
  }

  /** Sends the click at its time and returns it as processed. */
  private JudgedClick send(Click.Builder click) {
    app.send(click.build());
    return processed.readValue();
  }

  /** A credit on this click as attribution writes it: with the click's dimensions, sub ids and device. */
  static Credit credit(JudgedClick click, double weight, long revenueMicros, long payoutMicros) {
    return new Credit(click.getClickId(), Instant.ofEpochMilli(click.getTime()), click.getAffiliateId(),
        click.getOfferId(), click.getCampaignId(), click.getCreativeId(), click.getS1(), weight, revenueMicros,
        payoutMicros, click.getS2(), click.getS3(), click.getS4(), click.getS5(), click.getDeviceClass(),
        click.getBrowser(), click.getOs(), click.getCountry());
  }

  static AttributedConversion attributed(String conversionId, Instant time, boolean test, Credit... credits) {
    Conversion conversion = Conversion.newBuilder()
        .setConversionId(conversionId)
        .setVisitorId("visitor")
        .setTime(time)
        .setOfferId(7)
        .setAdvertiserId(3)
        .setRevenueMicros(4_000_000)
        .setTest(test)
        .build();
    return AttributedConversion.newBuilder()
        .setConversion(conversion)
        .setStatus(AttributionStatus.ATTRIBUTED)
        .setCredits(List.of(credits))
        .build();
  }

  /** The report key of a TestClicks click from Chrome on Windows. */
  private static ReportKey chromeOnWindows(long affiliateId, boolean test) {
    return new ReportKey(affiliateId, 7L, 70L, 9L, "news", test, "Desktop", "Chrome", "Windows NT", null, null);
  }

  /** The same without device, browser and os: as the sub id report keeps it. */
  private static ReportKey subIdDimensions(long affiliateId, boolean test) {
    return new ReportKey(affiliateId, 7L, 70L, 9L, "news", test, null, null, null, null, null);
  }
}
