package io.tracker.admin;

import io.tracker.platform.BearerKey;
import io.tracker.platform.HttpErrors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Reports live in the Streams apps' state stores: this API asks any instance of the app that keeps them (it fans
 * out to, or finds, the ones that hold them) on its query port, with the internal key, and hands its answer on
 * unchanged: JSON or CSV, 4xx reasons, 503 retry hints.
 */
final class ReportForwarder {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String internalKey;

  ReportForwarder(String internalKey) {
    this.internalKey = internalKey;
  }

  /** Routes each of {@code paths} to the app at {@code appUrl}, named {@code app} in a 503. */
  void addTo(RoutingHandler routes, List<String> paths, URI appUrl, String app) {
    paths.forEach(path -> routes.get(path, exchange -> forward(exchange, appUrl, app)));
  }

  private void forward(HttpServerExchange exchange, URI appUrl, String app) {
    String query = exchange.getQueryString();
    URI target = URI.create(appUrl + exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
        .header("Authorization", BearerKey.BEARER + internalKey).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | IllegalArgumentException e) {
      throw new HttpErrors.Unavailable(app + " cannot be reached; retry shortly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpErrors.Unavailable("interrupted", e);
    }
    exchange.setStatusCode(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, v));
    answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().put(Headers.RETRY_AFTER, v));
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }

}
