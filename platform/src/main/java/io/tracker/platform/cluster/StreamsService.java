package io.tracker.platform.cluster;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.platform.BearerKey;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Metrics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Streams app of the tracker runs: its KafkaStreams, and its query port, on which it answers its
 * queries for all its instances with the internal key (health, readiness and metrics beside them). Started port
 * first, so that a port already taken fails the start before any record is read; closed by leaving the group, so
 * that the other instances take the partitions over at once. A stream thread that dies is replaced rather than
 * left to stop the whole app (Kafka's default): the process would live on, answering 503 for ever.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final StreamsSettings settings;
  private final PrometheusMeterRegistry registry;
  private final KafkaStreams streams;
  private final StreamsRunning running = new StreamsRunning();
  private final LocalStores stores;
  private Undertow server;

  public StreamsService(String name, Topology topology, Properties properties, StreamsSettings settings,
      PrometheusMeterRegistry registry) {
    this.name = name;
    this.settings = settings;
    this.registry = registry;
    this.streams = new KafkaStreams(topology, properties);
    RestoringStores restoring = new RestoringStores();
    streams.setGlobalStateRestoreListener(restoring);
    streams.setStateListener(running);
    // e.g. a commit that met a broker failover (Kafka 4.3 with transactions v2 answers INVALID_TXN_STATE where it
    // means "fenced", KAFKA-20785, and a producer takes that as fatal): the cluster test kills a broker under load
    // and saw click-streams stop for good. A new thread gets a new producer; exactly-once holds, since the dead
    // thread's transaction was never committed.
    streams.setUncaughtExceptionHandler(exception -> {
      log.error("{}: a stream thread failed; replacing it", name, exception);
      restoring.forgetAll();
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    Metrics.bindStreams(streams, name, registry);
    this.stores = new LocalStores(name, streams, running, restoring);
  }

  public LocalStores stores() {
    return stores;
  }

  /** Queries across this app's instances, whose stores are partitioned like {@code inputTopic}. */
  public <L> ClusterQueries<L> queries(String inputTopic, L local) {
    return new ClusterQueries<>(stores, settings.self(), settings.bootstrapServers(), inputTopic, local,
        new Peers(settings.internalKey()));
  }

  /** The app's query routes (with /metrics added), behind the internal key; starts with {@link #start()}. */
  public void serve(RoutingHandler routes) {
    routes.get("/metrics", Metrics.scrape(registry))
        .setFallbackHandler(exchange -> Http.sendError(exchange, 404, "no such route"));
    this.server = Undertow.builder()
        .addHttpListener(settings.queryPort(), settings.queryHost())
        // queries wait for stores and other instances: off the I/O threads
        .setHandler(Handlers.path(new BearerKey(settings.internalKey(), "internal key",
                new BlockingHandler(HttpErrors.answering(routes))))
            .addExactPath("/healthz", Http.health())
            .addExactPath("/readyz", Http.readiness(running::isRunning)))
        .build();
  }

  public void start() {
    server.start();
    streams.start();
    log.info("{} {} started; queries on {}", name, settings.applicationId(), settings.self());
  }

  public boolean isRunning() {
    return running.isRunning();
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    log.info("{} {} stopped", name, settings.applicationId());
  }
}
