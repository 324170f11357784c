package io.tracker.clicks;

import io.tracker.report.ReportKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One click report request: hour buckets starting in [from, to), the dimensions to group by, exact-match
 * filters, and whether test traffic counts. A filter left out (null) matches everything.
 */
record ReportQuery(Instant from, Instant to, Set<Dimension> groupBy, Long affiliateId, Long offerId,
    Long campaignId, Long creativeId, String s1, boolean includeTest) {

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  /** Buckets are kept about this long, so a longer range could only add empty time. */
  static final Duration MAX_RANGE = Duration.ofDays(400);
  /** Report times are epoch millis in the store: nothing before 1970 or past year 9999 can be asked for. */
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  static final List<String> PARAMETERS = List.of("from", "to", "groupBy", "affiliateId", "offerId", "campaignId",
      "creativeId", "s1", "test");

  /** Reads the query parameters; an empty value counts as left out. Throws {@link InvalidQuery}. */
  static ReportQuery parse(Map<String, ? extends Collection<String>> parameters, Instant now) {
    Map<String, String> values = new LinkedHashMap<>();
    parameters.forEach((name, given) -> {
      if (!PARAMETERS.contains(name)) {
        throw new InvalidQuery("unknown parameter '" + name + "'; known: " + String.join(", ", PARAMETERS));
      }
      if (given.size() > 1) {
        throw new InvalidQuery("parameter '" + name + "' is given more than once");
      }
      given.stream().filter(value -> !value.isBlank()).findFirst().ifPresent(value -> values.put(name, value.trim()));
    });
    Instant to = values.containsKey("to") ? instant("to", values.get("to")) : now;
    Instant from = values.containsKey("from") ? instant("from", values.get("from")) : to.minus(DEFAULT_RANGE);
    if (from.isBefore(EARLIEST)) {
      throw new InvalidQuery("from must not be before " + EARLIEST);
    }
    if (!from.isBefore(to)) {
      throw new InvalidQuery("from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new InvalidQuery("from and to may be at most " + MAX_RANGE.toDays() + " days apart");
    }
    return new ReportQuery(from, to, groupBy(values.getOrDefault("groupBy", "")),
        id(values, "affiliateId"), id(values, "offerId"), id(values, "campaignId"), id(values, "creativeId"),
        values.get("s1"), includeTest(values.get("test")));
  }

  /** True when a bucket of this key starting at this hour belongs in the report. */
  boolean selects(ReportKey key, long hourStartMillis) {
    return !from.isAfter(Instant.ofEpochMilli(hourStartMillis)) && to.isAfter(Instant.ofEpochMilli(hourStartMillis))
        && (includeTest || !key.getTest())
        && matches(affiliateId, key.getAffiliateId()) && matches(offerId, key.getOfferId())
        && matches(campaignId, key.getCampaignId()) && matches(creativeId, key.getCreativeId())
        && (s1 == null || s1.equals(key.getS1()));
  }

  /** The same query as parameters, with from and to spelled out so that every instance reads the same range. */
  String toQueryString() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("from", from);
    values.put("to", to);
    values.put("groupBy", groupBy.stream().map(d -> d.groupByName).collect(Collectors.joining(",")));
    values.put("affiliateId", affiliateId);
    values.put("offerId", offerId);
    values.put("campaignId", campaignId);
    values.put("creativeId", creativeId);
    values.put("s1", s1);
    values.put("test", includeTest);
    return values.entrySet().stream()
        .filter(entry -> entry.getValue() != null)
        .map(entry -> entry.getKey() + "=" + encode(entry.getValue().toString()))
        .collect(Collectors.joining("&"));
  }

  private static boolean matches(Long filter, long value) {
    return filter == null || filter == value;
  }

  private static Instant instant(String name, String value) {
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidQuery(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '" + value + "'");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new InvalidQuery(name + " must lie between " + EARLIEST + " and " + LATEST);
    }
    return instant;
  }

  private static Set<Dimension> groupBy(String names) {
    Set<Dimension> dimensions = EnumSet.noneOf(Dimension.class);
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        dimensions.add(Dimension.byGroupByName(name.trim()).orElseThrow(() -> new InvalidQuery(
            "cannot group by '" + name.trim() + "'; use any of " + Dimension.groupByNames())));
      }
    }
    return dimensions;
  }

  private static Long id(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidQuery(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static boolean includeTest(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new InvalidQuery("test must be true or false, not '" + value + "'");
  }

  private static String encode(String value) {
    // URLEncoder writes form encoding; %20 keeps a space a space for any query string parser
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A request the report cannot answer as asked: the message says why, for a 400. */
  static final class InvalidQuery extends IllegalArgumentException {
    InvalidQuery(String reason) {
      super(reason);
    }
  }
}
