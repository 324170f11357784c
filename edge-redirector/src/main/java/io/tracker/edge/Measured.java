package io.tracker.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts an endpoint's requests by status ({@code edge_requests_total{endpoint,status}}) and times one request in
 * {@value #TIMED_ONE_IN} ({@code edge_request_seconds{endpoint}}, with a histogram for percentiles): every
 * request counted, a sample timed, because a timer with its histogram and two clock reads cost as much as the
 * rest of the measuring on every click. The edge's handlers answer on the IO thread, so the status is set when
 * they return; counters are made once per status and then reused.
 */
final class Measured implements HttpHandler {
  private final String endpoint;
  private final HttpHandler next;
  private final MeterRegistry registry;
  private final Timer latency;
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);
  static final int TIMED_ONE_IN = 16;

  Measured(String endpoint, HttpHandler next, MeterRegistry registry) {
    this.endpoint = endpoint;
    this.next = next;
    this.registry = registry;
    this.latency = Timer.builder("edge.request").tag("endpoint", endpoint).publishPercentileHistogram()
        .description("time to answer, on the IO thread; one request in " + TIMED_ONE_IN + " is timed")
        .register(registry);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (ThreadLocalRandom.current().nextInt(TIMED_ONE_IN) == 0) {
      long start = System.nanoTime();
      next.handleRequest(exchange);
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    } else {
      next.handleRequest(exchange);
    }
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
