package io.tracker.postbacks;

import io.tracker.catalog.Postback;
import io.tracker.catalog.Status;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionChange;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.PostbackCall;
import io.tracker.platform.Catalog;
import io.tracker.platform.postback.PostbackToken;
import io.tracker.platform.postback.PostbackUrl;
import io.tracker.schemas.Money;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an attributed conversion fires: the one place that decides it. One call for each credit the conversion gives
 * an affiliate, for each of that affiliate's ACTIVE postbacks that serves the offer (or all offers) and the event (or
 * all events) and existed at the conversion's time; nothing for a DUPLICATE, UNATTRIBUTED, test or unapproved
 * conversion. A call carries its URL with every token the conversion and the credit know filled in; the click's
 * own tokens (s2..s5, udid), which a credit does not carry, are left for the sender to fill from the click.
 *
 * <p>A decision always gives the same call ids ({@code <conversionId>.<credit index>.<postbackId>}), so a conversion
 * decided again (a replay, or a later "conversion approved" event fed here) makes no second call.
 */
final class FiringRules {
  private FiringRules() {}

  /** Whether a conversion makes calls at all. */
  static boolean fires(AttributedConversion decision) {
    return decision.getStatus() == AttributionStatus.ATTRIBUTED && !decision.getConversion().getTest()
        && approved(decision);
  }

  /**
   * Only an APPROVED conversion fires: one held PENDING fires nothing when decided, and its approval later (a
   * conversion change, see {@link #approval}) feeds the same decision here, with the same call ids.
   */
  static boolean approved(AttributedConversion decision) {
    return decision.getConversionStatus() == ConversionStatus.APPROVED;
  }

  /**
   * The conversion an adjustment approved, to decide its calls now; null when the change approved nothing (it was
   * approved before, or is not now). Approved again after a rejection, it gives the same call ids: no second call.
   */
  static AttributedConversion approval(ConversionChange change) {
    return !approved(change.getBefore()) && approved(change.getAfter()) ? change.getAfter() : null;
  }

  static List<PostbackCall> calls(AttributedConversion decision, Catalog catalog) {
    if (!fires(decision)) {
      return List.of();
    }
    Conversion conversion = decision.getConversion();
    List<PostbackCall> calls = new ArrayList<>();
    Map<Long, Integer> creditsOfAffiliate = new HashMap<>();
    List<Credit> credits = decision.getCredits();
    for (int index = 0; index < credits.size(); index++) {
      Credit credit = credits.get(index);
      int nth = creditsOfAffiliate.merge(credit.getAffiliateId(), 1, Integer::sum);
      for (Postback postback : catalog.postbacksOf(credit.getAffiliateId())) {
        if (serves(postback, conversion)) {
          calls.add(call(conversion, index, nth, credit, postback));
        }
      }
    }
    return calls;
  }

  static boolean serves(Postback postback, Conversion conversion) {
    return postback.getStatus() == Status.ACTIVE
        && (postback.getOfferId() == null || postback.getOfferId() == conversion.getOfferId())
        && (postback.getEvent() == null || postback.getEvent().equalsIgnoreCase(conversion.getEventName()))
        && (postback.getCreatedAt() == null || !conversion.getTime().isBefore(postback.getCreatedAt()));
  }

  /**
   * The lead id a receiver deduplicates by: the conversion id, and for the second and later credits of the same
   * affiliate on one conversion (LINEAR and the like over several of its clicks) the conversion id with -2, -3, ...
   */
  static String leadId(String conversionId, int nthCreditOfAffiliate) {
    return nthCreditOfAffiliate == 1 ? conversionId : conversionId + "-" + nthCreditOfAffiliate;
  }

  static String callId(String conversionId, int creditIndex, long postbackId) {
    return conversionId + "." + creditIndex + "." + postbackId;
  }

  private static PostbackCall call(Conversion conversion, int index, int nth, Credit credit, Postback postback) {
    Map<PostbackToken, String> values = new EnumMap<>(PostbackToken.class);
    values.put(PostbackToken.TRANSACTION_ID, conversion.getTransactionId());
    values.put(PostbackToken.CLICK_ID, credit.getClickId());
    values.put(PostbackToken.CONVERSION_ID, leadId(conversion.getConversionId(), nth));
    values.put(PostbackToken.PAYOUT, Money.fromMicros(credit.getPayoutMicros()).toPlainString());
    values.put(PostbackToken.OFFER_ID, Long.toString(conversion.getOfferId()));
    values.put(PostbackToken.AFFILIATE_ID, Long.toString(credit.getAffiliateId()));
    values.put(PostbackToken.CAMPAIGN_ID, credit.getCampaignId() == 0 ? null : Long.toString(credit.getCampaignId()));
    values.put(PostbackToken.S1, credit.getS1());
    values.put(PostbackToken.EVENT_ID, conversion.getEventName());
    values.put(PostbackToken.TIMESTAMP, Long.toString(conversion.getTime().getEpochSecond()));
    return new PostbackCall(callId(conversion.getConversionId(), index, postback.getId()),
        conversion.getConversionId(), index, postback.getId(), credit.getAffiliateId(), conversion.getOfferId(),
        credit.getClickId(), conversion.getTime(), PostbackUrl.fill(postback.getUrl(), values));
  }
}
