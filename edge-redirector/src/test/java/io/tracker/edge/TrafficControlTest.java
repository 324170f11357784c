package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Cap;
import io.tracker.catalog.CapInterval;
import io.tracker.catalog.CapScope;
import io.tracker.catalog.CapType;
import io.tracker.catalog.DeviceClass;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Status;
import io.tracker.catalog.Targeting;
import io.tracker.events.RedirectReason;
import io.tracker.platform.caps.CapKey;
import io.tracker.platform.caps.CapPeriods;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Targeting rules in order, caps of offer and campaign by period, the marks on counted clicks, test bypassing. */
class TrafficControlTest {
  private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148";
  private static final long NOON = Instant.parse("2026-03-04T12:00:00Z").toEpochMilli();
  private static final long MIDNIGHT_BERLIN = Instant.parse("2026-03-03T23:00:00Z").toEpochMilli();

  private final Map<CapKey, Long> used = new HashMap<>();
  private final CapPeriods berlin = new CapPeriods(ZoneId.of("Europe/Berlin"));
  private final TrafficControl control = new TrafficControl(key -> used.getOrDefault(key, 0L), berlin,
      new DeviceClassifier());

  private static Offer offer(List<Cap> caps, Targeting targeting) {
    return new Offer(3L, 1L, "o", "https://shop.example.com/", 30, AttributionModel.FIRST_TOUCH, 0L, 0L,
        Status.ACTIVE, null, ConversionApproval.AUTO, caps, targeting);
  }

  private static Campaign campaign(List<Cap> caps, Targeting targeting) {
    return new Campaign(30L, 10L, 3L, Status.ACTIVE, null, null, null, null, Map.of(), caps, targeting);
  }

  private static TrafficControl.Visitor visitor(String country, String agent, String languages) {
    return new TrafficControl.Visitor(country, agent, languages, false, NOON);
  }

  @Test
  void targetingSaysTheFirstRuleAVisitorFails() {
    Targeting targeting = new Targeting(List.of("US", "CA"), List.of(), List.of(DeviceClass.DESKTOP), List.of("en"));
    Offer offer = offer(List.of(), targeting);
    Campaign campaign = campaign(List.of(), null);
    assertEquals(TrafficControl.Decision.PASS, control.decide(offer, campaign, visitor("US", "Mozilla/5.0 (X11)", "en-US,en;q=0.9")));
    assertEquals("country DE not in [US, CA]", control.decide(offer, campaign, visitor("DE", null, "en")).detail());
    assertEquals("country unknown not in [US, CA]", control.decide(offer, campaign, visitor(null, null, "en")).detail());
    assertEquals("device MOBILE not in [DESKTOP]", control.decide(offer, campaign, visitor("CA", PHONE, "en")).detail());
    TrafficControl.Decision french = control.decide(offer, campaign, visitor("CA", null, "fr-CA,en;q=0"));
    assertEquals(RedirectReason.TARGETING_MISMATCH, french.reason());
    assertEquals("language 'fr-CA,en;q=0' not in [en]", french.detail());

    Campaign german = campaign(List.of(), new Targeting(List.of(), List.of("US"), List.of(), List.of()));
    assertEquals(RedirectReason.OK, control.decide(offer, german, visitor("DE", PHONE, null)).reason(),
        "a campaign's targeting replaces its offer's");
    assertEquals("country US excluded", control.decide(offer, german, visitor("US", null, null)).detail());
    assertEquals(RedirectReason.OK, control.decide(offer, campaign,
        new TrafficControl.Visitor("DE", PHONE, null, true, NOON)).reason(), "a test click bypasses targeting");
  }

  @Test
  void aReachedCapOfTheCurrentPeriodClosesAndCountedClicksAreMarked() {
    Offer offer = offer(List.of(new Cap(CapType.CLICKS, CapInterval.DAILY, 3L),
        new Cap(CapType.CONVERSIONS, CapInterval.MONTHLY, 1L)), null);
    Campaign campaign = campaign(List.of(new Cap(CapType.CLICKS, CapInterval.LIFETIME, 100L)), null);
    TrafficControl.Decision open = control.decide(offer, campaign, visitor("US", null, null));
    assertEquals(RedirectReason.OK, open.reason());
    assertEquals(1 | 1 << (4 + CapInterval.LIFETIME.ordinal()), open.clickCaps(),
        "counted toward the offer's daily and the campaign's lifetime click caps, not the conversion cap");

    long today = berlin.start(CapInterval.DAILY, NOON);
    assertEquals(MIDNIGHT_BERLIN, today, "days in the tracker's time zone");
    used.put(new CapKey(CapScope.OFFER, 3L, CapType.CLICKS, CapInterval.DAILY, today - 86_400_000L), 3L);
    assertEquals(RedirectReason.OK, control.decide(offer, campaign, visitor("US", null, null)).reason(),
        "yesterday's use does not count today");
    used.put(new CapKey(CapScope.OFFER, 3L, CapType.CLICKS, CapInterval.DAILY, today), 3L);
    TrafficControl.Decision closed = control.decide(offer, campaign, visitor("US", null, null));
    assertEquals(RedirectReason.OFFER_CAP_REACHED, closed.reason());
    assertEquals("offer 3 daily clicks cap: 3 of 3", closed.detail());
    assertEquals(0, closed.clickCaps());

    used.clear();
    used.put(new CapKey(CapScope.CAMPAIGN, 30L, CapType.CLICKS, CapInterval.LIFETIME, 0L), 100L);
    assertEquals(RedirectReason.CAMPAIGN_CAP_REACHED, control.decide(offer, campaign, visitor("US", null, null)).reason());
    assertEquals(RedirectReason.OK, control.decide(offer, campaign,
        new TrafficControl.Visitor("US", null, null, true, NOON)).reason(), "a test click bypasses caps");
  }

  @Test
  void languagesMatchThePrimaryTagOfAnyWantedRange() {
    assertTrue(TrafficControl.speaksAny("de-DE,de;q=0.9,en;q=0.8", List.of("en")));
    assertTrue(TrafficControl.speaksAny("EN-gb", List.of("en")));
    assertFalse(TrafficControl.speaksAny("de, en;q=0", List.of("en")), "q=0 means not wanted");
    assertFalse(TrafficControl.speaksAny(null, List.of("en")));
  }
}
