package io.tracker.clicks;

import io.tracker.events.RedirectReason;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tracker.platform.cluster.Share;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.schemas.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one report query while they are added up: hour buckets from the stores and partial sums from
 * other instances go in, rows with their rates come out. Rows with equal dimensions are one row.
 */
final class ReportTable {
  private static final List<String> METRICS = List.of("clicks", "totalClicks", "conversions", "revenue", "payout",
      "conversionRate", "epc", "pendingConversions", "pendingPayout");
  /** What an affiliate's own view leaves out: the network's money. */
  private static final List<String> NETWORK_ONLY = List.of("revenue", "epc");
  /** Fractional figures (conversions under multi-touch models, rates) show at most this many decimals. */
  private static final int DECIMALS = 4;
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
  private static final CsvMapper CSV = CsvMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private final ReportQuery query;
  private final Map<Group, Totals> totals = new HashMap<>();

  ReportTable(ReportQuery query) {
    this.query = query;
  }

  /**
   * Adds one hour bucket of a store, when the query selects it: a bucket of the report cube, or of the sub id
   * store with the value of the query's sub id slot.
   */
  void addBucket(ReportKey key, String subId, long hourStartMillis, ReportCounts counts) {
    Group bucket = Group.of(key, subId, hourStartMillis);
    if (query.selects(bucket, key.getTest())) {
      add(bucket.keep(query.groupBy()), Totals.of(counts));
    }
  }

  /** Adds a sub id row's bucket under its value and takes it from the row of no value, which holds the cube's. */
  void moveToSubId(ReportKey key, String subId, long hourStartMillis, ReportCounts counts) {
    Group bucket = Group.of(key, subId, hourStartMillis);
    Group noValue = Group.of(key, null, hourStartMillis);
    if (query.selects(bucket, key.getTest())) {
      add(bucket.keep(query.groupBy()), Totals.of(counts));
    }
    if (query.selects(noValue, key.getTest())) {
      add(noValue.keep(query.groupBy()), Totals.of(counts).negated());
    }
  }

  /** Adds the sums another instance found for the same query. */
  void addPartial(Partial partial) {
    partial.rows().forEach(row -> add(row.group(), row.totals()));
  }

  private void add(Group group, Totals more) {
    totals.merge(group, more, Totals::plus);
  }

  /** The sums as they travel between instances: raw counts, no rates, so that they can be added. */
  Partial partial() {
    return new Partial(totals.entrySet().stream().map(e -> new PartialRow(e.getKey(), e.getValue())).toList());
  }

  /** The row fields in order: the grouped dimensions, then the metrics. */
  List<String> columns() {
    List<String> columns = new ArrayList<>();
    query.groupBy().forEach(dimension -> columns.add(dimension.field));
    METRICS.stream().filter(metric -> !query.affiliateView() || !NETWORK_ONLY.contains(metric)).forEach(columns::add);
    return columns;
  }

  /** The rows of the answer, sorted by their dimensions. */
  List<Map<String, Object>> rows() {
    return totals.entrySet().stream()
        .filter(entry -> !entry.getValue().isEmpty()) // a row of no value that every click had a value for
        .sorted(Map.Entry.comparingByKey(Group.ORDER))
        .map(entry -> row(entry.getKey(), entry.getValue()))
        .toList();
  }

  /** The same rows as {@link #rows()}, as CSV with a header line. */
  String csv() {
    CsvSchema schema = CsvSchema.builder().addColumns(columns(), CsvSchema.ColumnType.NUMBER_OR_STRING)
        .setUseHeader(true).build();
    try {
      return CSV.writer(schema).writeValueAsString(rows());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write report rows as CSV", e);
    }
  }

  private Map<String, Object> row(Group group, Totals sums) {
    Map<String, Object> row = new LinkedHashMap<>();
    query.groupBy().forEach(dimension -> row.put(dimension.field, dimension.shownIn(group)));
    BigDecimal revenue = Money.fromMicros(sums.revenueMicros());
    row.put("clicks", sums.clicks());
    row.put("totalClicks", sums.totalClicks());
    row.put("conversions", BigDecimal.valueOf(sums.conversions()).setScale(DECIMALS, RoundingMode.HALF_UP)
        .stripTrailingZeros());
    row.put("revenue", revenue);
    row.put("payout", Money.fromMicros(sums.payoutMicros()));
    row.put("conversionRate", perClick(BigDecimal.valueOf(sums.conversions()), sums.clicks()));
    row.put("epc", perClick(revenue, sums.clicks()));
    row.put("pendingConversions", BigDecimal.valueOf(sums.pendingConversions()).setScale(DECIMALS, RoundingMode.HALF_UP)
        .stripTrailingZeros());
    row.put("pendingPayout", Money.fromMicros(sums.pendingPayoutMicros()));
    if (query.affiliateView()) {
      NETWORK_ONLY.forEach(row::remove);
    }
    return row;
  }

  private static BigDecimal perClick(BigDecimal amount, long clicks) {
    if (clicks == 0) {
      return BigDecimal.ZERO;
    }
    return amount.divide(BigDecimal.valueOf(clicks), DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  /**
   * The dimension values of one bucket or row; in a row, a dimension the query does not group by is null.
   * subId is the value of the query's sub id slot ({@link #OTHER_SUB_IDS} for an hour's overflow row).
   */
  record Group(Long affiliateId, Long offerId, Long campaignId, Long creativeId, String s1, String subId,
      String device, String browser, String os, Long hourStartMillis, Long dayStartMillis, String country,
      String reason) {

    /** How the row of a sub id hour's overflow (values past its row limit) is named. */
    static final String OTHER_SUB_IDS = "(other)";

    static final Comparator<Group> ORDER = Comparator
        .comparing(Group::affiliateId, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
        .thenComparing(Group::offerId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::campaignId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::creativeId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::s1, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::subId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::hourStartMillis, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::dayStartMillis, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::device, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::browser, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::os, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::country, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Group::reason, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Every dimension of a stored bucket. */
    static Group of(ReportKey key, String subId, long hourStartMillis) {
      return new Group(key.getAffiliateId(), key.getOfferId(), key.getCampaignId(), key.getCreativeId(), key.getS1(),
          subId, key.getDevice(), key.getBrowser(), key.getOs(), hourStartMillis,
          // days are UTC days, like the hours
          hourStartMillis - Math.floorMod(hourStartMillis, DAY_MILLIS), key.getCountry(),
          key.getReason() == null ? RedirectReason.OK.name() : key.getReason());
    }

    /** This bucket as a row of a report grouped by these dimensions: the others left out. */
    Group keep(Set<Dimension> groupBy) {
      boolean subIdGrouped = groupBy.stream().anyMatch(d -> d.kind == Dimension.Kind.SUB_ID);
      return new Group(
          groupBy.contains(Dimension.AFFILIATE) ? affiliateId : null,
          groupBy.contains(Dimension.OFFER) ? offerId : null,
          groupBy.contains(Dimension.CAMPAIGN) ? campaignId : null,
          groupBy.contains(Dimension.CREATIVE) ? creativeId : null,
          groupBy.contains(Dimension.S1) ? s1 : null,
          subIdGrouped ? subId : null,
          groupBy.contains(Dimension.DEVICE) ? device : null,
          groupBy.contains(Dimension.BROWSER) ? browser : null,
          groupBy.contains(Dimension.OS) ? os : null,
          groupBy.contains(Dimension.HOUR) ? hourStartMillis : null,
          groupBy.contains(Dimension.DAY) ? dayStartMillis : null,
          groupBy.contains(Dimension.COUNTRY) ? country : null,
          groupBy.contains(Dimension.REASON) ? reason : null);
    }
  }

  record Totals(long clicks, long totalClicks, double conversions, long revenueMicros, long payoutMicros,
      double pendingConversions, long pendingPayoutMicros) {

    static Totals of(ReportCounts counts) {
      return new Totals(counts.getClicks(), counts.getTotalClicks(), counts.getConversions(),
          counts.getRevenueMicros(), counts.getPayoutMicros(), counts.getPendingConversions(),
          counts.getPendingPayoutMicros());
    }

    Totals negated() {
      return new Totals(-clicks, -totalClicks, -conversions, -revenueMicros, -payoutMicros, -pendingConversions,
          -pendingPayoutMicros);
    }

    /** Nothing counted (conversions are shares: a sum less its parts may leave a rounding error). */
    boolean isEmpty() {
      return clicks == 0 && totalClicks == 0 && Math.abs(conversions) < 1e-9 && revenueMicros == 0
          && payoutMicros == 0 && Math.abs(pendingConversions) < 1e-9 && pendingPayoutMicros == 0;
    }

    Totals plus(Totals other) {
      return new Totals(clicks + other.clicks, totalClicks + other.totalClicks, conversions + other.conversions,
          revenueMicros + other.revenueMicros, payoutMicros + other.payoutMicros,
          pendingConversions + other.pendingConversions, pendingPayoutMicros + other.pendingPayoutMicros);
    }
  }

  record PartialRow(Group group, Totals totals) {}

  /** The answer of the internal route: one instance's sums for some partitions. */
  record Partial(List<PartialRow> rows) implements Share<Partial> {
    @Override
    public Partial plus(Partial other) {
      List<PartialRow> both = new ArrayList<>(rows);
      both.addAll(other.rows);
      return new Partial(both);
    }
  }
}
