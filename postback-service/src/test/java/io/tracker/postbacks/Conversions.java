package io.tracker.postbacks;

import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Postback;
import io.tracker.catalog.Status;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Conversion;
import io.tracker.events.Credit;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Attributed conversions and postbacks as attribution and the API write them, for the postback tests. */
final class Conversions {
  private Conversions() {}

  static final long OFFER = 10;

  /** A credit of one affiliate's click on the offer; campaign = 100 + affiliate. */
  record Share(long affiliateId, String s1, long payoutMicros) {}

  /** An ATTRIBUTED conversion of a fresh visitor at {@code time}, credited to the shares (oldest click first). */
  static AttributedConversion.Builder attributed(Instant time, String event, String transactionId, Share... shares) {
    String visitor = VisitorId.mint();
    Conversion conversion = Conversion.newBuilder().setConversionId(ClickId.create(time.toEpochMilli(), visitor, false))
        .setVisitorId(visitor).setTime(time).setOfferId(OFFER).setAdvertiserId(9).setRevenueMicros(10_000_000)
        .setEventName(event).setTransactionId(transactionId).build();
    List<Credit> credits = new ArrayList<>();
    for (int i = 0; i < shares.length; i++) {
      Instant clicked = time.minusSeconds(60L * (shares.length - i));
      credits.add(new Credit(ClickId.create(clicked.toEpochMilli(), visitor, false), clicked, shares[i].affiliateId(),
          OFFER, 100 + shares[i].affiliateId(), 7L, shares[i].s1(), 1.0 / shares.length, 10_000_000L / shares.length,
          shares[i].payoutMicros(), null, null, null, null, null, null, null, null));
    }
    return AttributedConversion.newBuilder().setConversion(conversion).setStatus(AttributionStatus.ATTRIBUTED)
        .setModel(shares.length > 1 ? AttributionModel.LINEAR : AttributionModel.FIRST_TOUCH).setCredits(credits);
  }

  static Postback postback(long id, long affiliateId, Long offerId, String event, String url) {
    return new Postback(id, affiliateId, offerId, event, url, Status.ACTIVE, null);
  }
}
