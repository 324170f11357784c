package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tracker.events.Click;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Stores;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickReportTopologyTest {
  private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Click> clicks;
  private WindowStore<ReportKey, ReportCounts> report;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "click-report-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(ClickReportTopology.buildTopology(Duration.ofDays(400)), props);
    clicks = driver.createInputTopic(Topics.CLICKS, new StringSerializer(), AvroSerde.of(Click.class));
    report = driver.getWindowStore(Stores.CLICK_REPORT);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void countsEachAffiliatesClicksInTheHourTheyHappened() {
    send(click(1, "09:10:00"));
    send(click(1, "09:50:00"));
    send(click(1, "10:05:00"));
    send(click(2, "09:30:00"));
    send(click(2, "10:40:00"));
    send(click(2, "10:59:00"));

    assertEquals(2, clicksIn(key(1, false), NINE));
    assertEquals(1, clicksIn(key(1, false), TEN));
    assertEquals(1, clicksIn(key(2, false), NINE));
    assertEquals(2, clicksIn(key(2, false), TEN));
    ReportCounts counts = report.fetch(key(1, false), NINE.toEpochMilli());
    assertEquals(new ReportCounts(2L, 2L, 0.0, 0L, 0L), counts, "every click is unique for now");
  }

  @Test
  void keepsTestClicksApart() {
    send(click(1, "09:10:00"));
    Click test = click(1, "09:20:00");
    test.setTest(true);
    send(test);

    assertEquals(1, clicksIn(key(1, false), NINE));
    assertEquals(1, clicksIn(key(1, true), NINE));
  }

  @Test
  void aLateClickCountsInItsOwnHour() {
    send(click(1, "10:30:00"));
    send(click(1, "09:15:00"));

    assertEquals(1, clicksIn(key(1, false), NINE));
    assertEquals(1, clicksIn(key(1, false), TEN));
  }

  @Test
  void theLastMillisecondOfAnHourBelongsToIt() {
    send(click(1, "09:59:59.999"));
    send(click(1, "10:00:00.000"));

    assertEquals(1, clicksIn(key(1, false), NINE));
    assertEquals(1, clicksIn(key(1, false), TEN));
  }

  @Test
  void aClickWithoutOfferCountsUnderOfferAndCampaignZero() {
    Click unresolved = click(1, "09:10:00");
    unresolved.setOfferId(null);
    unresolved.setCampaignId(null);
    send(unresolved);

    ReportKey key = ReportKey.newBuilder(key(1, false)).setOfferId(0L).setCampaignId(0L).build();
    assertEquals(1, clicksIn(key, NINE));
    assertNull(report.fetch(key(1, false), NINE.toEpochMilli()));
  }

  private long clicksIn(ReportKey key, Instant hour) {
    ReportCounts counts = report.fetch(key, hour.toEpochMilli());
    return counts == null ? 0 : counts.getTotalClicks();
  }

  private void send(Click click) {
    clicks.pipeInput(click.getVisitorId(), click, click.getTime());
  }

  /** A click at the given time of 2026-03-02 (UTC) on offer 7, campaign 70, creative 9, sub id "news". */
  static Click click(long affiliateId, String timeOfDay) {
    Instant time = Instant.parse("2026-03-02T" + timeOfDay + "Z");
    String visitor = VisitorId.random();
    return Click.newBuilder()
        .setClickId(ClickId.create(time.toEpochMilli(), visitor, false))
        .setVisitorId(visitor)
        .setTime(time)
        .setAffiliateId(affiliateId)
        .setCreativeId(9)
        .setOfferId(7L)
        .setCampaignId(70L)
        .setS1("news")
        .build();
  }

  private static ReportKey key(long affiliateId, boolean test) {
    return new ReportKey(affiliateId, 7L, 70L, 9L, "news", test);
  }
}
