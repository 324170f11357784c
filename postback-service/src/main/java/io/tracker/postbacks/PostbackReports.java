package io.tracker.postbacks;

import io.tracker.platform.Http;
import io.tracker.platform.ReportPaths;
import io.tracker.platform.cluster.ClusterQueries;
import io.undertow.server.RoutingHandler;
import java.time.Instant;
import java.util.Map;

/** The postback service's routes: the postback report (across its instances) and test calls. */
final class PostbackReports {
  private final ClusterQueries<LocalCalls> cluster;
  private final TestCalls testCalls;

  PostbackReports(ClusterQueries<LocalCalls> cluster, TestCalls testCalls) {
    this.cluster = cluster;
    this.testCalls = testCalls;
  }

  void addTo(RoutingHandler routes) {
    routes.get(ReportPaths.POSTBACKS, exchange -> Http.sendJson(exchange, 200,
        Map.of("rows", cluster.gather(PostbackQuery.parse(exchange.getQueryParameters(), Instant.now())).rows())));
    cluster.addInternalRoute(routes, PostbackQuery.NAME, parameters -> PostbackQuery.parse(parameters, Instant.now()));
    routes.post(ReportPaths.POSTBACK_TEST, testCalls::handle);
  }
}
