package io.tracker.attribution;

import io.tracker.platform.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Click reports and recorded clicks live in click-streams' state stores; this API asks any click-streams
 * instance (which fans out to, or finds, the one that holds them) and hands its answer on unchanged: JSON or
 * CSV, 4xx reasons, 503 retry hints.
 */
final class ReportForwarder {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI clickStreamsUrl;

  ReportForwarder(URI clickStreamsUrl) {
    this.clickStreamsUrl = clickStreamsUrl;
  }

  void addTo(RoutingHandler routes) {
    routes.get("/api/reports/clicks", this::forward);
    routes.get("/api/clicks/{clickId}", this::forward);
  }

  private void forward(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    URI target = URI.create(clickStreamsUrl + exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | IllegalArgumentException e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      Http.sendError(exchange, 503, "the click report service cannot be reached; retry shortly");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Http.sendError(exchange, 503, "interrupted");
      return;
    }
    exchange.setStatusCode(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, v));
    answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().put(Headers.RETRY_AFTER, v));
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(answer.body()));
  }
}
