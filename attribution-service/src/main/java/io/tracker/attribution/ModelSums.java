package io.tracker.attribution;

import io.tracker.events.Credit;
import io.tracker.platform.cluster.Share;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per affiliate and model, what a set of conversions credits: conversions (the sum of weights), revenue and
 * payout in micro-units. Raw sums, so that the shares of several instances add up.
 */
record ModelSums(List<Sum> sums) implements Share<ModelSums> {

  record Sum(long affiliateId, String model, double conversions, long revenueMicros, long payoutMicros) {
    Sum plus(Sum other) {
      return new Sum(affiliateId, model, conversions + other.conversions, revenueMicros + other.revenueMicros,
          payoutMicros + other.payoutMicros);
    }
  }

  private record Key(long affiliateId, String model) {}

  /** Sums being added up: credits in, {@link ModelSums} out. */
  static final class Tally {
    private final Map<Key, Sum> sums = new LinkedHashMap<>();

    Tally add(String model, List<Credit> credits) {
      credits.forEach(credit -> add(new Sum(credit.getAffiliateId(), model, credit.getWeight(),
          credit.getRevenueMicros(), credit.getPayoutMicros())));
      return this;
    }

    Tally add(Sum sum) {
      sums.merge(new Key(sum.affiliateId(), sum.model()), sum, Sum::plus);
      return this;
    }

    ModelSums sums() {
      return new ModelSums(List.copyOf(sums.values()));
    }
  }

  @Override
  public ModelSums plus(ModelSums other) {
    Tally tally = new Tally();
    List<Sum> all = new ArrayList<>(sums);
    all.addAll(other.sums);
    all.forEach(tally::add);
    return tally.sums();
  }
}
