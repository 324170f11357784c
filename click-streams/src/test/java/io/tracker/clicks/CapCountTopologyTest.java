package io.tracker.clicks;

import static io.tracker.clicks.TestClicks.click;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.events.RedirectReason;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What caps count, through the whole app topology: the clicks the edge marked, by period, written every emit
 * interval as this task's absolute counts; attributed conversions for their offer and campaigns.
 */
class CapCountTopologyTest {
  private static final Instant MONDAY_NINE = Instant.parse("2026-03-02T09:00:00Z");
  private static final long MONDAY = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  /** Offer caps daily and lifetime, campaign cap monthly: the bits of Click.clickCaps. */
  private static final int OFFER_DAILY_LIFETIME_CAMPAIGN_MONTHLY = 1 | 1 << 3 | 1 << (4 + 2);

  @TempDir Path stateDir;
  private ClickStreamsDriver app;
  private TestOutputTopic<String, Long> counts;

  @BeforeEach
  void startDriver() {
    app = new ClickStreamsDriver(stateDir, Map.of(), MONDAY_NINE);
    counts = app.driver.createOutputTopic(Topics.CAP_COUNTS, new StringDeserializer(), new LongDeserializer());
  }

  @AfterEach
  void closeDriver() {
    app.close();
  }

  @Test
  void countsTheMarkedClicksPerCapAndPeriodAndWritesWhatChangedOnceAnInterval() {
    for (int i = 0; i < 3; i++) {
      send(click(VisitorId.mint(), MONDAY_NINE.plusSeconds(i)).setClickCaps(OFFER_DAILY_LIFETIME_CAMPAIGN_MONTHLY));
    }
    // not counted: unmarked, test, and a click that went down the fallback chain
    send(click(VisitorId.mint(), MONDAY_NINE.plusSeconds(5)));
    send(click(VisitorId.mint(), MONDAY_NINE.plusSeconds(6)).setClickCaps(1).setTest(true));
    send(click(VisitorId.mint(), MONDAY_NINE.plusSeconds(7)).setClickCaps(1)
        .setReason(RedirectReason.OFFER_CAP_REACHED));
    assertTrue(counts.isEmpty(), "nothing is written before the emit interval");

    app.driver.advanceWallClockTime(Duration.ofMillis(100));
    Map<String, Long> written = counts.readKeyValuesToMap();
    int partition = 0;
    assertEquals(Map.of(
        "OFFER:7:CLICKS:DAILY:" + MONDAY + "/" + partition, 3L,
        "OFFER:7:CLICKS:LIFETIME:0/" + partition, 3L,
        "CAMPAIGN:70:CLICKS:MONTHLY:" + Instant.parse("2026-03-01T00:00:00Z").toEpochMilli() + "/" + partition, 3L),
        written);

    send(click(VisitorId.mint(), MONDAY_NINE.plus(Duration.ofDays(1))).setClickCaps(1));
    app.driver.advanceWallClockTime(Duration.ofMillis(100));
    assertEquals(List.of("OFFER:7:CLICKS:DAILY:" + (MONDAY + Duration.ofDays(1).toMillis()) + "/0=1"),
        counts.readKeyValuesToList().stream().map(kv -> kv.key + "=" + kv.value).toList(),
        "only what changed, the next day's count on its own");
  }

  @Test
  void countsAttributedNonTestConversionsForTheOfferAndEachCampaignCredited() {
    app.send(attributed(false, AttributionStatus.ATTRIBUTED));
    app.send(attributed(true, AttributionStatus.ATTRIBUTED));
    app.send(attributed(false, AttributionStatus.UNATTRIBUTED));
    app.driver.advanceWallClockTime(Duration.ofMillis(100));
    Map<String, Long> written = counts.readKeyValuesToMap();
    assertEquals(1L, written.get("OFFER:7:CONVERSIONS:DAILY:" + MONDAY + "/0"));
    assertEquals(1L, written.get("CAMPAIGN:70:CONVERSIONS:LIFETIME:0/0"));
    assertEquals(8, written.size(), "four intervals of the offer and of its one campaign: " + written);
  }

  private void send(Click.Builder click) {
    app.send(click.build());
  }

  private static AttributedConversion attributed(boolean test, AttributionStatus status) {
    Click clicked = click(VisitorId.mint(), MONDAY_NINE.minusSeconds(60)).build();
    Conversion conversion = Conversion.newBuilder().setConversionId(VisitorId.mint()).setVisitorId("v")
        .setTime(MONDAY_NINE).setOfferId(7L).setAdvertiserId(1L).setRevenueMicros(1L).setTest(test).build();
    return AttributedConversion.newBuilder().setConversion(conversion).setStatus(status)
        .setCredits(status == AttributionStatus.ATTRIBUTED ? List.of(TestClicks.credit(clicked, 1.0, 1L, 1L)) : List.of())
        .build();
  }
}
