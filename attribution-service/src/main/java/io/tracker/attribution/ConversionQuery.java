package io.tracker.attribution;

import io.tracker.platform.QueryParameters;
import io.tracker.platform.cluster.PartitionedQuery;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.ConversionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/reports/conversions?from=&to=&affiliateId=&offerId=&status=&conversionStatus=&conversionId=
 * &transactionId=&test=&affiliateView=}: conversions whose time lies in [from, to) (default: the last day), each
 * as it stands (its decision, status and adjustments). affiliateId matches a conversion credited to that
 * affiliate; transactionId takes a comma-separated list; test traffic is left out unless test=true.
 * affiliateView=true (with affiliateId) is what an affiliate's own key may see: only its credits, no revenue.
 */
record ConversionQuery(Instant from, Instant to, Long affiliateId, Long offerId, AttributionStatus status,
    boolean includeTest, ConversionStatus conversionStatus, String conversionId, List<String> transactionIds,
    boolean affiliateView) implements PartitionedQuery<LocalDecisions, ConversionRows> {

  static final String NAME = "conversions";
  private static final List<String> PARAMETERS = List.of("from", "to", "affiliateId", "offerId", "status", "test",
      "conversionStatus", "conversionId", "transactionId", "affiliateView");

  /** Every conversion of the range, as admins see it. */
  ConversionQuery(Instant from, Instant to, Long affiliateId, Long offerId, AttributionStatus status,
      boolean includeTest) {
    this(from, to, affiliateId, offerId, status, includeTest, null, null, List.of(), false);
  }

  static ConversionQuery parse(Map<String, ? extends Collection<String>> given, Instant now) {
    return QueryParameters.read(given, PARAMETERS, parameters -> {
      QueryParameters.TimeRange range = parameters.range(now);
      ConversionQuery query = new ConversionQuery(range.from(), range.to(), parameters.id("affiliateId"),
          parameters.id("offerId"), parameters.choice("status", AttributionStatus.class), parameters.flag("test"),
          parameters.choice("conversionStatus", ConversionStatus.class), parameters.text("conversionId"),
          parameters.list("transactionId"), parameters.flag("affiliateView"));
      parameters.check(!query.affiliateView() || query.affiliateId() != null, "affiliateView needs affiliateId");
      return query;
    });
  }

  boolean selects(AttributedConversion decision) {
    return (includeTest || !decision.getConversion().getTest())
        && (status == null || status == decision.getStatus())
        && (conversionStatus == null || conversionStatus == decision.getConversionStatus())
        && (conversionId == null || conversionId.equals(decision.getConversion().getConversionId()))
        && (transactionIds.isEmpty() || transactionIds.contains(decision.getConversion().getTransactionId()))
        && (affiliateId == null || decision.getCredits().stream().anyMatch(c -> c.getAffiliateId() == (long) affiliateId));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toQueryString() {
    // an empty list is left out like a null: the other instances read it back as no transaction ids
    return QueryParameters.queryString("from", from, "to", to, "affiliateId", affiliateId, "offerId", offerId,
        "status", status, "test", includeTest, "conversionStatus", conversionStatus, "conversionId", conversionId,
        "transactionId", transactionIds.isEmpty() ? null : transactionIds, "affiliateView", affiliateView);
  }

  @Override
  public ConversionRows read(LocalDecisions local, Set<Integer> partitions) {
    List<ConversionRows.Row> rows = new ArrayList<>();
    local.forEachCurrent(partitions, offerId, from, to, conversion -> {
      if (selects(conversion)) {
        rows.add(affiliateView ? ConversionRows.Row.ofAffiliate(conversion, affiliateId)
            : ConversionRows.Row.of(conversion));
      }
    });
    return new ConversionRows(rows);
  }

  @Override
  public Class<ConversionRows> answerType() {
    return ConversionRows.class;
  }
}
