package io.tracker.clicks;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a report can group by: its name in {@code groupBy} and the field it fills in each row. */
enum Dimension {
  AFFILIATE("affiliate", "affiliateId", ReportTable.Group::affiliateId),
  OFFER("offer", "offerId", ReportTable.Group::offerId),
  CAMPAIGN("campaign", "campaignId", ReportTable.Group::campaignId),
  CREATIVE("creative", "creativeId", ReportTable.Group::creativeId),
  S1("s1", "s1", ReportTable.Group::s1),
  HOUR("hour", "hour", group -> Instant.ofEpochMilli(group.hourStartMillis()).toString()),
  DAY("day", "day", group -> Instant.ofEpochMilli(group.dayStartMillis()).toString());

  final String groupByName;
  final String field;
  private final Function<ReportTable.Group, Object> value;

  Dimension(String groupByName, String field, Function<ReportTable.Group, Object> value) {
    this.groupByName = groupByName;
    this.field = field;
    this.value = value;
  }

  /** This dimension's value in a row of a report grouped by it. */
  Object valueIn(ReportTable.Group group) {
    return value.apply(group);
  }

  static Optional<Dimension> byGroupByName(String name) {
    return Arrays.stream(values()).filter(d -> d.groupByName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  static String groupByNames() {
    return Arrays.stream(values()).map(d -> d.groupByName).collect(Collectors.joining(", "));
  }
}
