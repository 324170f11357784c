package io.tracker.attribution;

import io.tracker.events.Adjustment;
import io.tracker.events.AppliedAdjustment;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import java.util.ArrayList;
import java.util.List;

/**
 * What an adjustment makes of a conversion: its status, and its revenue and payout re-split over the same credits
 * (revenue by weight, payout in proportion to what each credit earned, or by weight when they earned nothing). The
 * decision itself (which clicks, which model) never changes. Pure.
 */
final class ConversionAdjustments {
  private ConversionAdjustments() {}

  static AttributedConversion apply(AttributedConversion before, Adjustment adjustment) {
    Conversion conversion = before.getConversion();
    List<Credit> credits = before.getCredits();
    long oldRevenue = conversion.getRevenueMicros();
    long oldPayout = payout(credits);
    ConversionStatus oldStatus = before.getConversionStatus();
    ConversionStatus newStatus = adjustment.getStatus() != null ? adjustment.getStatus() : oldStatus;
    long newRevenue = adjustment.getRevenueMicros() != null ? adjustment.getRevenueMicros() : oldRevenue;
    long newPayout = credits.isEmpty() ? 0
        : adjustment.getPayoutMicros() != null ? adjustment.getPayoutMicros() : oldPayout;

    double[] revenueShares = new double[credits.size()];
    double[] payoutShares = new double[credits.size()];
    for (int i = 0; i < credits.size(); i++) {
      Credit credit = credits.get(i);
      revenueShares[i] = credit.getWeight() * newRevenue;
      payoutShares[i] = oldPayout > 0 ? (double) credit.getPayoutMicros() / oldPayout * newPayout
          : credit.getWeight() * newPayout;
    }
    long[] revenue = credits.isEmpty() ? new long[0] : MoneySplit.split(newRevenue, revenueShares);
    long[] payout = credits.isEmpty() ? new long[0] : MoneySplit.split(newPayout, payoutShares);
    List<Credit> repriced = new ArrayList<>();
    for (int i = 0; i < credits.size(); i++) {
      repriced.add(Credit.newBuilder(credits.get(i)).setRevenueMicros(revenue[i]).setPayoutMicros(payout[i]).build());
    }
    List<AppliedAdjustment> history = new ArrayList<>(before.getAdjustments());
    history.add(new AppliedAdjustment(adjustment.getAdjustmentId(), adjustment.getTime(), adjustment.getBy(),
        adjustment.getNote(), oldStatus, newStatus, oldRevenue, newRevenue, oldPayout, newPayout));
    return AttributedConversion.newBuilder(before)
        .setConversion(Conversion.newBuilder(conversion).setRevenueMicros(newRevenue).build())
        .setCredits(repriced).setConversionStatus(newStatus).setAdjustments(history).build();
  }

  static long payout(List<Credit> credits) {
    return credits.stream().mapToLong(Credit::getPayoutMicros).sum();
  }
}
