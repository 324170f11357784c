package io.tracker.attribution;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.platform.ProcessMain;
import io.tracker.platform.cluster.ClusterQueries;
import io.tracker.platform.cluster.StreamsApp;
import io.tracker.platform.cluster.StreamsService;
import io.tracker.schemas.Topics;
import io.undertow.Handlers;
import io.undertow.server.RoutingHandler;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * The attribution process: the attribution topology, and the query port on which it answers the conversion
 * reports for all its instances. Instances of one application id share the visitor partitions; any of them
 * answers for all of them.
 */
public final class AttributionApp extends StreamsApp {
  static final String NAME = "attribution";

  private final ClusterQueries<LocalDecisions> queries;

  private AttributionApp(AttributionConfig config, PrometheusMeterRegistry registry) {
    super(new StreamsService(NAME, buildTopology(config), streamsConfig(config), config.streams(), registry));
    // the decisions are made in the partitions of the processed clicks (and of the conversions, alike)
    this.queries = service.queries(Topics.PROCESSED_CLICKS, new LocalDecisions(service.stores(), Attributor.of(config)));
    RoutingHandler routes = Handlers.routing();
    new AttributionReports(queries).addTo(routes);
    service.serve(routes);
  }

  /** Starts answering queries, then processing; queries answer 503 until Kafka has assigned the partitions. */
  public static AttributionApp start(AttributionConfig config, PrometheusMeterRegistry registry) {
    return started(new AttributionApp(config, registry));
  }

  public static Topology buildTopology(AttributionConfig config) {
    return AttributionTopology.buildTopology(config);
  }

  public static Properties streamsConfig(AttributionConfig config) {
    return config.streams().properties();
  }

  /** For the tests: the whole app's answer to a query, as the report routes give it. */
  ClusterQueries<LocalDecisions> queries() {
    return queries;
  }

  public static void main(String[] args) {
    ProcessMain.run(NAME, AttributionConfig::load, AttributionApp::start);
  }
}
