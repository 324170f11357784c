package io.tracker.attribution;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
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
record ConversionRows(List<Row> rows) {
  private static final CsvMapper CSV = CsvMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();
  private static final List<String> CSV_COLUMNS = List.of("conversionId", "time", "offerId", "advertiserId", "kind",
      "eventName", "transactionId", "clickId", "visitorId", "test", "status", "model", "revenue", "payout", "credits",
      "excluded", "note", "country");
  private static final Comparator<Row> ORDER =
      Comparator.comparing((Row row) -> Instant.parse(row.time())).thenComparing(Row::conversionId);

  /** Rows in conversion time order. */
  ConversionRows {
    rows = rows.stream().sorted(ORDER).toList();
  }

  /**
   * One conversion. {@code revenue} is what it brought (p, or the offer's); {@code payout} what its credits earn;
   * {@code country} its pixel's, else (a server postback) that of the click credited first.
   */
  record Row(String conversionId, String time, long offerId, long advertiserId, String kind, String eventName,
      String transactionId, String clickId, String visitorId, boolean test, String status, String model,
      BigDecimal revenue, BigDecimal payout, List<CreditRow> credits, List<ExcludedRow> excluded, String note,
      String country) {

    static Row of(AttributedConversion decision) {
      Conversion c = decision.getConversion();
      List<CreditRow> credits = decision.getCredits().stream().map(credit -> new CreditRow(credit.getClickId(),
          credit.getClickTime().toString(), credit.getAffiliateId(), credit.getCampaignId(), credit.getCreativeId(),
          credit.getS1(), credit.getWeight(), Money.fromMicros(credit.getRevenueMicros()),
          Money.fromMicros(credit.getPayoutMicros()))).toList();
      long payout = decision.getCredits().stream().mapToLong(credit -> credit.getPayoutMicros()).sum();
      return new Row(c.getConversionId(), c.getTime().toString(), c.getOfferId(), c.getAdvertiserId(),
          c.getKind().name(), c.getEventName(), c.getTransactionId(), c.getClickId(), c.getVisitorId(), c.getTest(),
          decision.getStatus().name(), decision.getModel() == null ? null : decision.getModel().name(),
          Money.fromMicros(c.getRevenueMicros()), Money.fromMicros(payout), credits,
          decision.getExcluded().stream().map(e -> new ExcludedRow(e.getClickId(), e.getReason())).toList(),
          decision.getNote(), c.getCountry() != null || decision.getCredits().isEmpty() ? c.getCountry()
              : decision.getCredits().get(0).getCountry());
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
      cells.put("country", country);
      return cells;
    }
  }

  record CreditRow(String clickId, String clickTime, long affiliateId, long campaignId, long creativeId, String s1,
      double weight, BigDecimal revenue, BigDecimal payout) {

    String describe() {
      return "affiliate " + affiliateId + " (click " + clickId + ", weight " + weight + "): revenue " + revenue.toPlainString()
          + ", payout " + payout.toPlainString();
    }
  }

  record ExcludedRow(String clickId, String reason) {}

  ConversionRows plus(ConversionRows other) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(other.rows);
    return new ConversionRows(all);
  }

  String csv() {
    CsvSchema schema = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.NUMBER_OR_STRING)
        .setUseHeader(true).build();
    try {
      return CSV.writer(schema).writeValueAsString(rows.stream().map(Row::csvCells).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write conversion rows as CSV", e);
    }
  }
}
