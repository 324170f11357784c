package io.tracker.clicks;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a report can group by and filter on: its name in {@code groupBy}, the field (and filter parameter) it
 * fills in each row, and how a filter value is read. Hour and day are chosen by the range, not filtered.
 */
enum Dimension {
  AFFILIATE("affiliate", "affiliateId", Kind.ID, ReportTable.Group::affiliateId),
  OFFER("offer", "offerId", Kind.ID, ReportTable.Group::offerId),
  CAMPAIGN("campaign", "campaignId", Kind.ID, ReportTable.Group::campaignId),
  CREATIVE("creative", "creativeId", Kind.ID, ReportTable.Group::creativeId),
  S1("s1", "s1", Kind.TEXT, ReportTable.Group::s1),
  S2("s2", "s2", Kind.SUB_ID, ReportTable.Group::subId),
  S3("s3", "s3", Kind.SUB_ID, ReportTable.Group::subId),
  S4("s4", "s4", Kind.SUB_ID, ReportTable.Group::subId),
  S5("s5", "s5", Kind.SUB_ID, ReportTable.Group::subId),
  HOUR("hour", "hour", Kind.TIME, ReportTable.Group::hourStartMillis),
  DAY("day", "day", Kind.TIME, ReportTable.Group::dayStartMillis),
  DEVICE("device", "device", Kind.AGENT, ReportTable.Group::device),
  BROWSER("browser", "browser", Kind.AGENT, ReportTable.Group::browser),
  OS("os", "os", Kind.AGENT, ReportTable.Group::os),
  COUNTRY("country", "country", Kind.AGENT, ReportTable.Group::country),
  REASON("reason", "reason", Kind.AGENT, ReportTable.Group::reason);

  /**
   * ID: a catalog id; TEXT: a sub id of the report cube; AGENT: of the consumer (user agent, country) or of the
   * redirect (reason), in the cube only; SUB_ID:
   * s2..s5, kept in their own store; TIME: a bucket.
   */
  enum Kind { ID, TEXT, AGENT, SUB_ID, TIME }

  final String groupByName;
  final String field;
  final Kind kind;
  private final Function<ReportTable.Group, Object> value;

  Dimension(String groupByName, String field, Kind kind, Function<ReportTable.Group, Object> value) {
    this.groupByName = groupByName;
    this.field = field;
    this.kind = kind;
    this.value = value;
  }

  /** This dimension's value in a group, as stored: ids and hours as numbers. */
  Object valueIn(ReportTable.Group group) {
    return value.apply(group);
  }

  /** This dimension's value as a row shows it: hours and days as ISO-8601 instants. */
  Object shownIn(ReportTable.Group group) {
    Object stored = valueIn(group);
    return kind == Kind.TIME ? Instant.ofEpochMilli((Long) stored).toString() : stored;
  }

  /** Which of s2..s5 this is: 2..5. */
  int subIdSlot() {
    return ordinal() - S2.ordinal() + 2;
  }

  /** A filter value as the store holds it. Throws {@link ReportQuery.InvalidQuery}. */
  Object filterValue(String given) {
    if (this == COUNTRY) {
      return given.toUpperCase(Locale.ROOT);
    }
    if (kind != Kind.ID) {
      return given;
    }
    try {
      return Long.parseLong(given);
    } catch (NumberFormatException e) {
      throw new ReportQuery.InvalidQuery(field + " must be a whole number, not '" + given + "'");
    }
  }

  static Optional<Dimension> byGroupByName(String name) {
    return Arrays.stream(values()).filter(d -> d.groupByName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  static Optional<Dimension> byFilterName(String name) {
    return Arrays.stream(values()).filter(d -> d.kind != Kind.TIME && d.field.equals(name)).findFirst();
  }

  static String groupByNames() {
    return Arrays.stream(values()).map(d -> d.groupByName).collect(Collectors.joining(", "));
  }
}
