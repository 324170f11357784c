package io.tracker.attribution;

import io.tracker.catalog.AttributionModel;
import java.time.Duration;
import java.util.Arrays;

/** How each model shares one conversion among a visitor's eligible clicks, given oldest first. Weights add up to 1. */
final class CreditWeights {
  private CreditWeights() {}

  static final double U_SHAPED_END = 0.4;

  static double[] of(AttributionModel model, long[] clickTimes, Duration halfLife) {
    int n = clickTimes.length;
    double[] weights = new double[n];
    switch (model) {
      case FIRST_TOUCH -> weights[0] = 1;
      case LAST_TOUCH -> weights[n - 1] = 1;
      case LINEAR -> Arrays.fill(weights, 1.0 / n);
      case TIME_DECAY -> timeDecay(weights, clickTimes, halfLife);
      case U_SHAPED -> uShaped(weights);
    }
    return weights;
  }

  /**
   * Each click weighs 2^(-age / half-life), its age counted back from the conversion, then all are scaled to add
   * up to 1. Ages are counted from the latest click instead, which scales every weight alike and keeps the latest
   * at 1, so that very old clicks cannot make every weight underflow to 0.
   */
  private static void timeDecay(double[] weights, long[] clickTimes, Duration halfLife) {
    long latest = clickTimes[clickTimes.length - 1];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.pow(2, -(double) (latest - clickTimes[i]) / halfLife.toMillis());
      sum += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= sum;
    }
  }

  /** 40% to the first click, 40% to the last, 20% shared by those between; two clicks halve, one takes all. */
  private static void uShaped(double[] weights) {
    int n = weights.length;
    if (n <= 2) {
      Arrays.fill(weights, 1.0 / n);
      return;
    }
    Arrays.fill(weights, (1 - 2 * U_SHAPED_END) / (n - 2));
    weights[0] = U_SHAPED_END;
    weights[n - 1] = U_SHAPED_END;
  }
}
