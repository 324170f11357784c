package io.tracker.postbacks;

import io.tracker.events.PostbackCallState;
import io.tracker.events.PostbackStatus;
import io.tracker.platform.QueryParameters;
import io.tracker.platform.cluster.PartitionedQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/reports/postbacks?from=&to=&affiliateId=&status=}: the postback calls of conversions whose time
 * lies in [from, to) (default: the last day), of one affiliate or all, in one status or any.
 */
record PostbackQuery(Instant from, Instant to, Long affiliateId, PostbackStatus status)
    implements PartitionedQuery<LocalCalls, PostbackRows> {

  static final String NAME = "postbacks";
  private static final List<String> PARAMETERS = List.of("from", "to", "affiliateId", "status");

  static PostbackQuery parse(Map<String, ? extends Collection<String>> given, Instant now) {
    return QueryParameters.read(given, PARAMETERS, parameters -> {
      QueryParameters.TimeRange range = parameters.range(now);
      return new PostbackQuery(range.from(), range.to(), parameters.id("affiliateId"),
          parameters.choice("status", PostbackStatus.class));
    });
  }

  boolean selects(PostbackCallState state) {
    return (affiliateId == null || state.getCall().getAffiliateId() == (long) affiliateId)
        && (status == null || state.getStatus() == status);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toQueryString() {
    return QueryParameters.queryString("from", from, "to", to, "affiliateId", affiliateId, "status", status);
  }

  @Override
  public PostbackRows read(LocalCalls local, Set<Integer> partitions) {
    return new PostbackRows(local.calls(partitions, from, to, this::selects).stream().map(PostbackRows.Row::of).toList());
  }

  @Override
  public Class<PostbackRows> answerType() {
    return PostbackRows.class;
  }
}
