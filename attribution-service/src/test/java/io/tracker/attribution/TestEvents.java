package io.tracker.attribution;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.Conversion;
import io.tracker.events.JudgedClick;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import java.time.Instant;

/** Processed clicks and conversions as click-streams and the edge write them, for the attribution tests. */
final class TestEvents {
  private TestEvents() {}

  static final long OFFER = 5;
  static final long REVENUE = 10_000_000;
  static final long PAYOUT = 3_000_000;

  static String visitor() {
    return VisitorId.mint();
  }

  /** A click as click-streams passes it on: unique, sent to the offer, 30 cookie days, first touch, 3.0 payout. */
  static JudgedClick.Builder clicked(String visitor, Instant time) {
    return JudgedClick.newBuilder().setClickId(ClickId.create(time.toEpochMilli(), visitor, false))
        .setTime(time.toEpochMilli()).setAffiliateId(1L).setCreativeId(11L).setOfferId(OFFER).setCampaignId(21L)
        .setPayoutMicros(PAYOUT);
  }

  /** The visitor a click is keyed by: the one its id carries. */
  static String visitorOf(JudgedClick click) {
    return ClickId.parse(click.getClickId()).orElseThrow().visitorId();
  }

  static JudgedClick click(String visitor, Instant time) {
    return clicked(visitor, time).build();
  }

  static JudgedClick click(String visitor, Instant time, AttributionModel model) {
    JudgedClick.Builder click = clicked(visitor, time);
    click.setAttributionModel(model);
    return click.build();
  }

  /** A conversion on the offer bringing 10.0, without click id or transaction id. */
  static Conversion.Builder conversion(String visitor, Instant time) {
    return Conversion.newBuilder().setConversionId(ClickId.create(time.toEpochMilli(), visitor, false))
        .setVisitorId(visitor).setTime(time).setOfferId(OFFER).setAdvertiserId(9).setRevenueMicros(REVENUE);
  }
}
