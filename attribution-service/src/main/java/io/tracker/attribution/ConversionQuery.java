package io.tracker.attribution;

import io.tracker.platform.QueryParameters;
import io.tracker.platform.cluster.PartitionedQuery;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/reports/conversions?from=&to=&affiliateId=&offerId=&status=&test=}: conversions whose time lies
 * in [from, to) (default: the last day), each with its decision. affiliateId matches a conversion credited to
 * that affiliate; test traffic is left out unless test=true.
 */
record ConversionQuery(Instant from, Instant to, Long affiliateId, Long offerId, AttributionStatus status,
    boolean includeTest) implements PartitionedQuery<LocalDecisions, ConversionRows> {

  static final String NAME = "conversions";
  private static final List<String> PARAMETERS = List.of("from", "to", "affiliateId", "offerId", "status", "test");

  static ConversionQuery parse(Map<String, ? extends Collection<String>> given, Instant now) {
    return QueryParameters.read(given, PARAMETERS, parameters -> {
      QueryParameters.TimeRange range = parameters.range(now);
      return new ConversionQuery(range.from(), range.to(), parameters.id("affiliateId"), parameters.id("offerId"),
          parameters.choice("status", AttributionStatus.class), parameters.flag("test"));
    });
  }

  boolean selects(AttributedConversion decision) {
    return (includeTest || !decision.getConversion().getTest())
        && (status == null || status == decision.getStatus())
        && (affiliateId == null || decision.getCredits().stream().anyMatch(c -> c.getAffiliateId() == (long) affiliateId));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toQueryString() {
    return QueryParameters.queryString("from", from, "to", to, "affiliateId", affiliateId, "offerId", offerId,
        "status", status, "test", includeTest);
  }

  @Override
  public ConversionRows read(LocalDecisions local, Set<Integer> partitions) {
    List<ConversionRows.Row> rows = new ArrayList<>();
    local.forEach(partitions, offerId, from, to, decided -> {
      if (selects(decided.getDecision())) {
        rows.add(ConversionRows.Row.of(decided.getDecision()));
      }
    });
    return new ConversionRows(rows);
  }

  @Override
  public Class<ConversionRows> answerType() {
    return ConversionRows.class;
  }
}
