package io.tracker.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts an endpoint's requests by status and times them ({@code edge_requests_total{endpoint,status}},
 * {@code edge_request_seconds{endpoint}} with a histogram for percentiles). The edge's handlers answer on the
 * IO thread, so the status is set when they return; counters are made once per status and then reused.
 */
final class Measured implements HttpHandler {
  private final String endpoint;
  private final HttpHandler next;
  private final MeterRegistry registry;
  private final Timer latency;
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

  Measured(String endpoint, HttpHandler next, MeterRegistry registry) {
    this.endpoint = endpoint;
    this.next = next;
    this.registry = registry;
    this.latency = Timer.builder("edge.request").tag("endpoint", endpoint).publishPercentileHistogram()
        .description("time to answer, on the IO thread").register(registry);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    next.handleRequest(exchange);
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    counter(exchange.getStatusCode()).increment();
  }

  private Counter counter(int status) {
    int slot = status >= 0 && status < 600 ? status : 0;
    Counter counter = byStatus.get(slot);
    if (counter == null) {
      counter = Counter.builder("edge.requests").tag("endpoint", endpoint).tag("status", String.valueOf(status))
          .register(registry);
      byStatus.set(slot, counter);
    }
    return counter;
  }
}
