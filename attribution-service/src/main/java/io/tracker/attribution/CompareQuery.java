package io.tracker.attribution;

import io.tracker.platform.QueryParameters;
import io.tracker.platform.cluster.PartitionedQuery;
import io.tracker.catalog.AttributionModel;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.schemas.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code GET /api/reports/attribution-compare?offerId=&from=&to=&models=&test=}: the attributed conversions of an
 * offer in [from, to), credited again under each model from the clicks each was decided on, side by side per
 * affiliate with what was recorded. Nothing recorded changes.
 */
record CompareQuery(long offerId, Instant from, Instant to, List<AttributionModel> models, boolean includeTest)
    implements PartitionedQuery<LocalDecisions, ModelSums> {

  static final String NAME = "attribution-compare";
  /** The column of what was recorded, each conversion under the model it was decided with. */
  static final String RECORDED = "recorded";
  private static final int CONVERSION_SCALE = 6;
  private static final List<String> PARAMETERS = List.of("offerId", "from", "to", "models", "test");

  static CompareQuery parse(Map<String, ? extends Collection<String>> given, Instant now) {
    return QueryParameters.read(given, PARAMETERS, parameters -> {
      Long offerId = parameters.id("offerId");
      parameters.check(offerId != null, "offerId is required");
      QueryParameters.TimeRange range = parameters.range(now);
      List<AttributionModel> models = parameters.choices("models", AttributionModel.class,
          List.of(AttributionModel.values()));
      parameters.check(!models.isEmpty(), "models must name at least one model");
      return new CompareQuery(offerId == null ? 0 : offerId, range.from(), range.to(), models,
          parameters.flag("test"));
    });
  }

  @Override
  public String toQueryString() {
    return QueryParameters.queryString("offerId", offerId, "from", from, "to", to, "models", models,
        "test", includeTest);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModelSums read(LocalDecisions local, Set<Integer> partitions) {
    ModelSums.Tally tally = new ModelSums.Tally();
    local.forEach(partitions, offerId, from, to, decided -> {
      AttributedConversion decision = decided.getDecision();
      if (decision.getStatus() != AttributionStatus.ATTRIBUTED || (decision.getConversion().getTest() && !includeTest)) {
        return;
      }
      tally.add(RECORDED, decision.getCredits());
      for (AttributionModel model : models) {
        tally.add(model.name(), local.attributor().credit(decision.getConversion(), decided.getTouches(), model));
      }
    });
    return tally.sums();
  }

  @Override
  public Class<ModelSums> answerType() {
    return ModelSums.class;
  }

  /** The answer: one row per affiliate, one column per model (recorded first), each with its three figures. */
  Map<String, Object> table(ModelSums sums) {
    List<String> columns = new ArrayList<>();
    columns.add(RECORDED);
    models.forEach(model -> columns.add(model.name()));
    Map<String, ModelSums.Sum> byCell = sums.sums().stream()
        .collect(Collectors.toMap(sum -> sum.affiliateId() + "/" + sum.model(), sum -> sum));
    Set<Long> affiliates = sums.sums().stream().map(ModelSums.Sum::affiliateId)
        .collect(Collectors.toCollection(TreeSet::new));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long affiliate : affiliates) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("affiliateId", affiliate);
      for (String column : columns) {
        ModelSums.Sum sum = byCell.getOrDefault(affiliate + "/" + column, new ModelSums.Sum(affiliate, column, 0, 0, 0));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("conversions", BigDecimal.valueOf(sum.conversions()).setScale(CONVERSION_SCALE, RoundingMode.HALF_UP)
            .stripTrailingZeros());
        figures.put("revenue", Money.fromMicros(sum.revenueMicros()));
        figures.put("payout", Money.fromMicros(sum.payoutMicros()));
        row.put(column, figures);
      }
      rows.add(row);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("offerId", offerId);
    table.put("from", from.toString());
    table.put("to", to.toString());
    table.put("models", columns);
    table.put("rows", rows);
    return table;
  }
}
