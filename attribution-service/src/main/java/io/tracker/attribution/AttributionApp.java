package io.tracker.attribution;

import io.tracker.platform.Http;
import io.tracker.platform.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribution Streams app of this process, and the internal listener on which the other instances ask it
 * for its partitions' share of a report. It runs inside the API process: each API instance is an attribution
 * instance, and the API's report routes read through {@link #queries()}.
 */
final class AttributionApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttributionApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final AttributionConfig config;
  private final KafkaStreams streams;
  private final ClusterQuery queries;
  private final Undertow peers;

  AttributionApp(AttributionConfig config, MeterRegistry registry) {
    this.config = config;
    this.streams = new KafkaStreams(AttributionTopology.buildTopology(config), AttributionTopology.streamsConfig(config));
    Metrics.bindStreams(streams, "attribution", registry);
    streams.setStateListener((now, before) -> log.info("attribution {} is {} (was {})", config.applicationId(), now, before));
    LocalDecisions local = new LocalDecisions(streams, Attributor.of(config));
    this.queries = new ClusterQuery(streams, new HostInfo(config.queryHost(), config.queryPort()), local,
        HttpClient.newBuilder().connectTimeout(PEER_CONNECT_TIMEOUT).build());
    RoutingHandler routes = Handlers.routing()
        .get(ClusterQuery.PEER_PATH + ConversionQuery.NAME, queries.answering(ConversionQuery::parse))
        .get(ClusterQuery.PEER_PATH + CompareQuery.NAME, queries.answering(CompareQuery::parse))
        .get("/healthz", Http.health())
        .setFallbackHandler(exchange -> Http.sendError(exchange, 404, "no such route"));
    // store reads and peers' answers block: off the I/O threads
    this.peers = Undertow.builder()
        .addHttpListener(config.queryPort(), config.queryHost())
        .setHandler(new BlockingHandler(ApiRequests.answeringErrors(routes)))
        .build();
  }

  /** Starts answering peers, then processing; queries answer 503 until Kafka has assigned the partitions. */
  AttributionApp start() {
    peers.start(); // first: a port already taken then fails the start before any event is read
    streams.start();
    log.info("attribution {} started; peer queries on {}", config.applicationId(), config.queryAddress());
    return this;
  }

  ClusterQuery queries() {
    return queries;
  }

  /** Stops answering, then leaves the group so that the other instances take the partitions over at once. */
  @Override
  public void close() {
    peers.stop();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    log.info("attribution {} stopped", config.applicationId());
  }
}
