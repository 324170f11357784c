package io.tracker.clicks;

import io.tracker.platform.HttpErrors;
import io.tracker.platform.cluster.PartitionedQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One click report request: hour buckets starting in [from, to), the dimensions to group by, exact-match
 * filters (dimension -> value as stored), whether test traffic counts, and whether it is an affiliate's own view
 * (affiliateView=true, with an affiliateId filter: no revenue or EPC). A report that groups or filters by
 * one of s2..s5 reads the sub id store, which holds neither device, browser, os nor the other sub ids.
 */
record ReportQuery(Instant from, Instant to, Set<Dimension> groupBy, Map<Dimension, Object> filters,
    boolean includeTest, boolean affiliateView) implements PartitionedQuery<LocalReports, ReportTable.Partial> {

  /** Its name on the internal route where each instance answers for its partitions. */
  static final String NAME = "clicks";

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  /** Buckets are kept about this long, so a longer range could only add empty time. */
  static final Duration MAX_RANGE = Duration.ofDays(400);
  /** Report times are epoch millis in the store: nothing before 1970 or past year 9999 can be asked for. */
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  static final List<String> PARAMETERS = Stream.concat(Stream.of("from", "to", "groupBy", "test", "affiliateView"),
      Stream.of(Dimension.values()).filter(d -> d.kind != Dimension.Kind.TIME).map(d -> d.field)).toList();

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
    Map<Dimension, Object> filters = new EnumMap<>(Dimension.class);
    values.forEach((name, value) -> Dimension.byFilterName(name)
        .ifPresent(dimension -> filters.put(dimension, dimension.filterValue(value))));
    boolean affiliateView = flag("affiliateView", values.get("affiliateView"));
    if (affiliateView && !filters.containsKey(Dimension.AFFILIATE)) {
      throw new InvalidQuery("affiliateView needs affiliateId");
    }
    ReportQuery query = new ReportQuery(from, to, groupBy(values.getOrDefault("groupBy", "")), filters,
        flag("test", values.get("test")), affiliateView);
    query.checkSubIdUse();
    return query;
  }

  /** The sub id slot (2..5) that the query groups or filters by, or 0 when it reads the report cube. */
  int subIdSlot() {
    return used().stream().filter(d -> d.kind == Dimension.Kind.SUB_ID).mapToInt(Dimension::subIdSlot).findFirst()
        .orElse(0);
  }

  /** True when a bucket (every dimension filled in) starting at its hour belongs in the report. */
  boolean selects(ReportTable.Group bucket, boolean test) {
    Instant hour = Instant.ofEpochMilli(bucket.hourStartMillis());
    return !from.isAfter(hour) && to.isAfter(hour) && (includeTest || !test)
        && filters.entrySet().stream().allMatch(filter -> filter.getValue().equals(filter.getKey().valueIn(bucket)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReportTable.Partial read(LocalReports local, Set<Integer> partitions) {
    return local.read(this, partitions).partial();
  }

  @Override
  public Class<ReportTable.Partial> answerType() {
    return ReportTable.Partial.class;
  }

  /** The same query as parameters, with from and to spelled out so that every instance reads the same range. */
  @Override
  public String toQueryString() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("from", from);
    values.put("to", to);
    values.put("groupBy", groupBy.stream().map(d -> d.groupByName).collect(Collectors.joining(",")));
    filters.forEach((dimension, value) -> values.put(dimension.field, value));
    values.put("test", includeTest);
    values.put("affiliateView", affiliateView);
    return values.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + encode(entry.getValue().toString()))
        .collect(Collectors.joining("&"));
  }

  private Set<Dimension> used() {
    Set<Dimension> used = EnumSet.noneOf(Dimension.class);
    used.addAll(groupBy);
    used.addAll(filters.keySet());
    return used;
  }

  /** The sub id store keeps one of s2..s5 per row and no user agent facts: refuse what it cannot answer. */
  private void checkSubIdUse() {
    Set<Dimension> used = used();
    List<String> subIds = used.stream().filter(d -> d.kind == Dimension.Kind.SUB_ID).map(d -> d.field).toList();
    if (subIds.size() > 1) {
      throw new InvalidQuery("a report can group or filter by one of s2..s5 at a time, not " + subIds);
    }
    if (!subIds.isEmpty() && used.stream().anyMatch(d -> d.kind == Dimension.Kind.AGENT)) {
      throw new InvalidQuery(subIds.get(0) + " cannot be combined with device, browser or os");
    }
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

  private static boolean flag(String name, String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new InvalidQuery(name + " must be true or false, not '" + value + "'");
  }

  private static String encode(String value) {
    // URLEncoder writes form encoding; %20 keeps a space a space for any query string parser
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A request the report cannot answer as asked: the message says why, for a 400. */
  static final class InvalidQuery extends HttpErrors.BadRequest {
    InvalidQuery(String reason) {
      super(reason);
    }
  }
}
