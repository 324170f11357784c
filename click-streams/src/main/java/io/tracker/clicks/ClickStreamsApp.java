package io.tracker.clicks;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.platform.ProcessMain;
import io.tracker.platform.ReportPaths;
import io.tracker.platform.cluster.ClusterQueries;
import io.tracker.platform.cluster.StreamsApp;
import io.tracker.platform.cluster.StreamsService;
import io.tracker.schemas.Topics;
import io.undertow.Handlers;
import io.undertow.server.RoutingHandler;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The click-streams process: the disposition and report topologies, and the query port that answers the click
 * report and click look-ups from their state. Instances of one application id share the click partitions; any of
 * them answers for all of them.
 */
public final class ClickStreamsApp extends StreamsApp {
  static final String NAME = "click-streams";

  private final RecordedClicks recorded;

  private ClickStreamsApp(ClickStreamsConfig config, PrometheusMeterRegistry registry) {
    super(new StreamsService(NAME, buildTopology(config), streamsConfig(config), config.streams(), registry));
    // the report stores are fed by the click topic: their partitions are its partitions
    ClusterQueries<LocalReports> cluster = service.queries(Topics.CLICKS, new LocalReports(service.stores()));
    this.recorded = new RecordedClicks(config.streams().bootstrapServers());
    ClickLookup clicks = new ClickLookup(cluster, service.stores(), recorded);
    RoutingHandler routes = Handlers.routing()
        .get(ReportPaths.CLICKS, new ClickReportHandler(cluster))
        .get(ReportPaths.CLICK, clicks::findInCluster)
        .get(cluster.internalPath(ClickLookup.INTERNAL_NAME), clicks::findHere);
    cluster.addInternalRoute(routes, ReportQuery.NAME, parameters -> ReportQuery.parse(parameters, Instant.now()));
    service.serve(routes);
  }

  /** Starts answering queries, then processing clicks; ready once Kafka assigned its partitions. */
  public static ClickStreamsApp start(ClickStreamsConfig config, PrometheusMeterRegistry registry) {
    return started(new ClickStreamsApp(config, registry));
  }

  /** Both topologies of the app: clicks -> dispositions -> processed clicks, and those -> reports, in one task. */
  public static Topology buildTopology(ClickStreamsConfig config) {
    Topology topology = new Topology();
    ClickDispositionTopology.buildTopology(topology, config.dispositions(), config.clickTopicRetention(),
        UserAgents.shared());
    ClickReportTopology.buildTopology(topology, config.reports());
    return CapCountTopology.buildTopology(topology, config.capPeriods(), config.capEmitInterval());
  }

  public static Properties streamsConfig(ClickStreamsConfig config) {
    Properties props = config.streams().properties();
    // the report rows have their own cache (ReportRowCache, bounded by cacheSize); no store uses Kafka's
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    return props;
  }

  @Override
  public void close() {
    super.close();
    recorded.close();
  }

  /** For the tests: which partitions this instance holds. */
  KafkaStreams streams() {
    return service.streams();
  }

  public static void main(String[] args) {
    ProcessMain.run(NAME, ClickStreamsConfig::load, ClickStreamsApp::start);
  }
}
