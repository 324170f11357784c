package io.tracker.platform.caps;

import io.tracker.catalog.CapInterval;
import io.tracker.platform.ConfigCheck;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The periods caps count in, in one time zone: a day, a week from Monday, a calendar month, or all time. A period
 * is named by its start (epoch millis; 0 for LIFETIME), so that the edge and click-streams, which must agree on
 * the zone, name the same period the same way.
 */
public record CapPeriods(ZoneId zone) {

  public static final CapPeriods UTC = new CapPeriods(ZoneOffset.UTC);

  /** The zone of "tracker.timeZone" (TRACKER_TIME_ZONE). */
  public static CapPeriods load(com.typesafe.config.Config config) {
    ConfigCheck tracker = ConfigCheck.of(config, "tracker");
    String name = tracker.nonEmpty("timeZone");
    ZoneId zone = ZoneOffset.UTC;
    try {
      zone = ZoneId.of(name);
    } catch (DateTimeException e) {
      tracker.require(false, "timeZone (TRACKER_TIME_ZONE) '" + name + "' is not a time zone, e.g. UTC or Europe/Berlin");
    }
    tracker.done();
    return new CapPeriods(zone);
  }

  /** The start of the period of interval that holds the instant. */
  public long start(CapInterval interval, long epochMillis) {
    if (interval == CapInterval.LIFETIME) {
      return 0;
    }
    LocalDate day = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
    LocalDate first = switch (interval) {
      case DAILY -> day;
      case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> day.withDayOfMonth(1);
      case LIFETIME -> throw new IllegalStateException("handled above");
    };
    return first.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The start of the period after the one that starts at periodStart (Long.MAX_VALUE for LIFETIME). */
  public long end(CapInterval interval, long periodStart) {
    if (interval == CapInterval.LIFETIME) {
      return Long.MAX_VALUE;
    }
    LocalDate first = Instant.ofEpochMilli(periodStart).atZone(zone).toLocalDate();
    LocalDate next = switch (interval) {
      case DAILY -> first.plusDays(1);
      case WEEKLY -> first.plusWeeks(1);
      case MONTHLY -> first.plusMonths(1);
      case LIFETIME -> throw new IllegalStateException("handled above");
    };
    return next.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
