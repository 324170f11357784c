package io.tracker.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts travel as micro-units (long) so that sums are exact; the API speaks decimals. */
public final class Money {
  private Money() {}

  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  public static long toMicros(BigDecimal amount) {
    return amount.multiply(MICROS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  public static BigDecimal fromMicros(long micros) {
    return BigDecimal.valueOf(micros).divide(MICROS).stripTrailingZeros();
  }
}
