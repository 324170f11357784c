package io.tracker.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import org.apache.kafka.streams.KafkaStreams;

/** One Prometheus registry per process, with the JVM's own figures, and the handler that Prometheus scrapes. */
public final class Metrics {
  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * A Streams app's own metrics (records consumed and produced, lag per partition, commit and process rates)
   * and its state as a number (RUNNING = 2), tagged with the app's name.
   */
  public static void bindStreams(KafkaStreams streams, String app, MeterRegistry registry) {
    new KafkaStreamsMetrics(streams, Tags.of("app", app)).bindTo(registry);
    Gauge.builder("streams.state", streams, s -> s.state().ordinal()).tag("app", app)
        .description("KafkaStreams.State ordinal: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3 PENDING_SHUTDOWN, ...")
        .register(registry);
  }

  /** {@code GET /metrics} in the Prometheus text format. */
  public static HttpHandler scrape(PrometheusMeterRegistry registry) {
    return exchange -> Http.sendText(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }
}
