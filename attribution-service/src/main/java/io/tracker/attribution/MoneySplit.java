package io.tracker.attribution;

/**
 * Splits an amount of micro-units into parts that add up to it exactly: each part is its exact share rounded,
 * and the last part takes what rounding left over (never driving the total past the amount).
 */
final class MoneySplit {
  private MoneySplit() {}

  /** {@code exactShares} are the parts before rounding; they add up to {@code total} but for rounding. */
  static long[] split(long total, double[] exactShares) {
    long[] parts = new long[exactShares.length];
    long given = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      parts[i] = Math.max(0, Math.min(Math.round(exactShares[i]), total - given));
      given += parts[i];
    }
    parts[parts.length - 1] = total - given;
    return parts;
  }
}
