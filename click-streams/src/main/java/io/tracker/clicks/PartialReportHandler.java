package io.tracker.clicks;

import io.tracker.platform.Http;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /internal/reports/clicks}: this instance's sums for the partitions named in {@code partitions},
 * asked by the instance that answers the public route (see {@link ClusterReports}).
 */
final class PartialReportHandler implements HttpHandler {
  private final LocalReports local;

  PartialReportHandler(LocalReports local) {
    this.local = local;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Map<String, Deque<String>> parameters = new HashMap<>(exchange.getQueryParameters());
    Set<Integer> partitions = partitions(parameters.remove(ClusterReports.PARTITIONS_PARAMETER));
    ReportQuery query = ReportQuery.parse(parameters, Instant.now());
    Http.sendJson(exchange, 200, local.read(query, partitions).partial());
  }

  private static Set<Integer> partitions(Collection<String> given) {
    if (given == null || given.size() != 1) {
      throw new ReportQuery.InvalidQuery(ClusterReports.PARTITIONS_PARAMETER + " must be given once");
    }
    Set<Integer> partitions = new TreeSet<>();
    for (String partition : given.iterator().next().split(",")) {
      try {
        partitions.add(Integer.parseInt(partition.trim()));
      } catch (NumberFormatException e) {
        throw new ReportQuery.InvalidQuery(ClusterReports.PARTITIONS_PARAMETER + " must list partition numbers");
      }
    }
    return partitions;
  }
}
