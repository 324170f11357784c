package io.tracker.attribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tracker.events.AppliedAdjustment;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.Credit;
import io.tracker.platform.cluster.Share;
import io.tracker.schemas.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rows of the conversions report: one per decided conversion, with its decision; JSON, or CSV. */
record ConversionRows(List<Row> rows) implements Share<ConversionRows> {
  private static final CsvMapper CSV = CsvMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();
  private static final List<String> CSV_COLUMNS = List.of("conversionId", "time", "offerId", "advertiserId", "kind",
      "eventName", "transactionId", "clickId", "visitorId", "test", "status", "model", "revenue", "payout", "credits",
      "excluded", "note", "conversionStatus", "adjustments", "country");
  /** An affiliate's view: its own credits, without the network's revenue. */
  private static final List<String> AFFILIATE_CSV_COLUMNS = CSV_COLUMNS.stream()
      .filter(column -> !column.equals("revenue") && !column.equals("excluded")).toList();
  private static final Comparator<Row> ORDER =
      Comparator.comparing((Row row) -> Instant.parse(row.time())).thenComparing(Row::conversionId);

  /** Rows in conversion time order. */
  ConversionRows {
    rows = rows.stream().sorted(ORDER).toList();
  }

  /**
   * One conversion. {@code revenue} is what it brought (p, or the offer's, or as adjusted); {@code payout} what its
   * credits earn; {@code conversionStatus} where it stands in review, with every adjustment that set it;
   * {@code country} its pixel's, else (a server postback) that of the click credited first. In an affiliate's view
   * revenue is left out (absent, not null).
   */
  record Row(String conversionId, String time, long offerId, long advertiserId, String kind, String eventName,
      String transactionId, String clickId, String visitorId, boolean test, String status, String model,
      @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal revenue, BigDecimal payout, List<CreditRow> credits,
      List<ExcludedRow> excluded, String note, String conversionStatus, List<AdjustmentRow> adjustments,
      String country) {

    static Row of(AttributedConversion decision) {
      Conversion c = decision.getConversion();
      return new Row(c.getConversionId(), c.getTime().toString(), c.getOfferId(), c.getAdvertiserId(),
          c.getKind().name(), c.getEventName(), c.getTransactionId(), c.getClickId(), c.getVisitorId(), c.getTest(),
          decision.getStatus().name(), decision.getModel() == null ? null : decision.getModel().name(),
          Money.fromMicros(c.getRevenueMicros()), Money.fromMicros(ConversionAdjustments.payout(decision.getCredits())),
          decision.getCredits().stream().map(credit -> CreditRow.of(credit, true)).toList(),
          decision.getExcluded().stream().map(e -> new ExcludedRow(e.getClickId(), e.getReason())).toList(),
          decision.getNote(), decision.getConversionStatus().name(),
          decision.getAdjustments().stream().map(a -> AdjustmentRow.of(a, true)).toList(), countryOf(decision));
    }

    /** Its pixel's country, else (a server postback) that of the click credited first. */
    private static String countryOf(AttributedConversion decision) {
      Conversion c = decision.getConversion();
      return c.getCountry() != null || decision.getCredits().isEmpty() ? c.getCountry()
          : decision.getCredits().get(0).getCountry();
    }

    /** What the affiliate may see of a conversion it has credits on: those credits, their payout, no revenue. */
    static Row ofAffiliate(AttributedConversion decision, long affiliateId) {
      Conversion c = decision.getConversion();
      List<Credit> own = decision.getCredits().stream().filter(credit -> credit.getAffiliateId() == affiliateId)
          .toList();
      return new Row(c.getConversionId(), c.getTime().toString(), c.getOfferId(), c.getAdvertiserId(),
          c.getKind().name(), c.getEventName(), c.getTransactionId(), c.getClickId(), c.getVisitorId(), c.getTest(),
          decision.getStatus().name(), decision.getModel() == null ? null : decision.getModel().name(), null,
          Money.fromMicros(ConversionAdjustments.payout(own)), own.stream().map(credit -> CreditRow.of(credit, false))
              .toList(), List.of(), null, decision.getConversionStatus().name(),
          decision.getAdjustments().stream().map(a -> AdjustmentRow.of(a, false)).toList(), countryOf(decision));
    }

    /** The row as one CSV line: credits and excluded clicks each written into one cell. */
    Map<String, Object> csvCells() {
      Map<String, Object> cells = new LinkedHashMap<>();
      cells.put("conversionId", conversionId);
      cells.put("time", time);
      cells.put("offerId", offerId);
      cells.put("advertiserId", advertiserId);
      cells.put("kind", kind);
      cells.put("eventName", eventName);
      cells.put("transactionId", transactionId);
      cells.put("clickId", clickId);
      cells.put("visitorId", visitorId);
      cells.put("test", test);
      cells.put("status", status);
      cells.put("model", model);
      cells.put("revenue", revenue);
      cells.put("payout", payout);
      cells.put("credits", credits.stream().map(CreditRow::describe).collect(Collectors.joining("; ")));
      cells.put("excluded", excluded.stream().map(e -> e.clickId() + ": " + e.reason()).collect(Collectors.joining("; ")));
      cells.put("note", note);
      cells.put("conversionStatus", conversionStatus);
      cells.put("adjustments", adjustments.stream().map(AdjustmentRow::describe).collect(Collectors.joining("; ")));
      cells.put("country", country);
      return cells;
    }
  }

  record CreditRow(String clickId, String clickTime, long affiliateId, long campaignId, long creativeId, String s1,
      double weight, @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal revenue, BigDecimal payout) {

    static CreditRow of(Credit credit, boolean withRevenue) {
      return new CreditRow(credit.getClickId(), credit.getClickTime().toString(), credit.getAffiliateId(),
          credit.getCampaignId(), credit.getCreativeId(), credit.getS1(), credit.getWeight(),
          withRevenue ? Money.fromMicros(credit.getRevenueMicros()) : null, Money.fromMicros(credit.getPayoutMicros()));
    }

    String describe() {
      return "affiliate " + affiliateId + " (click " + clickId + ", weight " + weight + "): "
          + (revenue == null ? "" : "revenue " + revenue.toPlainString() + ", ") + "payout " + payout.toPlainString();
    }
  }

  /** One adjustment: who, when, why, and the values before and after (revenue left out in an affiliate's view). */
  record AdjustmentRow(String adjustmentId, String time, String by, String note, String oldStatus, String newStatus,
      @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal oldRevenue,
      @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal newRevenue, BigDecimal oldPayout, BigDecimal newPayout) {

    static AdjustmentRow of(AppliedAdjustment a, boolean withRevenue) {
      return new AdjustmentRow(a.getAdjustmentId(), a.getTime().toString(), a.getBy(), a.getNote(),
          a.getOldStatus().name(), a.getNewStatus().name(),
          withRevenue ? Money.fromMicros(a.getOldRevenueMicros()) : null,
          withRevenue ? Money.fromMicros(a.getNewRevenueMicros()) : null,
          Money.fromMicros(a.getOldPayoutMicros()), Money.fromMicros(a.getNewPayoutMicros()));
    }

    String describe() {
      return time + " by " + by + ": " + oldStatus + " -> " + newStatus
          + (oldRevenue == null ? "" : ", revenue " + oldRevenue.toPlainString() + " -> " + newRevenue.toPlainString())
          + ", payout " + oldPayout.toPlainString() + " -> " + newPayout.toPlainString()
          + (note == null ? "" : " (" + note + ")");
    }
  }

  record ExcludedRow(String clickId, String reason) {}

  @Override
  public ConversionRows plus(ConversionRows other) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(other.rows);
    return new ConversionRows(all);
  }

  /** The rows as CSV; in an affiliate's view without the revenue and excluded-clicks columns. */
  String csv(boolean affiliateView) {
    List<String> columns = affiliateView ? AFFILIATE_CSV_COLUMNS : CSV_COLUMNS;
    CsvSchema schema = CsvSchema.builder().addColumns(columns, CsvSchema.ColumnType.NUMBER_OR_STRING)
        .setUseHeader(true).build();
    try {
      return CSV.writer(schema).writeValueAsString(rows.stream().map(row -> {
        Map<String, Object> cells = row.csvCells();
        cells.keySet().retainAll(columns);
        return cells;
      }).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write conversion rows as CSV", e);
    }
  }
}
