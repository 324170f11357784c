package io.tracker.admin;

import io.tracker.platform.BearerKey;
import io.tracker.platform.Http;
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
 * unchanged: JSON or CSV, 4xx reasons, 503 retry hints. Instances are asked in the order configured; one that
 * cannot be reached (stopped, killed) or cannot answer right now (503: restoring, rejoining) passes the question to
 * the next, so reports outlive any one instance.
 */
final class ReportForwarder {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String internalKey;

  ReportForwarder(String internalKey) {
    this.internalKey = internalKey;
  }

  /** Routes each of {@code paths} to the app's instances. */
  void addTo(RoutingHandler routes, List<String> paths, AppInstances app) {
    paths.forEach(path -> routes.get(path, exchange -> forward(exchange, app)));
  }

  /** Hands the request on as it came (path, query, Accept) and the app's answer back as it came. */
  private void forward(HttpServerExchange exchange, AppInstances app) {
    String query = exchange.getQueryString();
    relay(exchange, ask(app, "GET", exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query),
        exchange.getRequestHeaders().getFirst(Headers.ACCEPT), null));
  }

  /**
   * Asks the app's instances in order with the internal key and returns the first answer that is not a 503: an
   * instance that is restoring or rejoining answers 503 while another one holds every partition and can answer in
   * full. {@link HttpErrors.Unavailable} (503, retry) when none can be reached.
   */
  HttpResponse<byte[]> ask(AppInstances app, String method, String pathAndQuery, String accept, byte[] json) {
    HttpResponse<byte[]> answer = null;
    Exception unreachable = null;
    for (int i = 0; i < app.urls().size() && (answer == null || answer.statusCode() == 503); i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.urls().get(i) + pathAndQuery))
          .timeout(TIMEOUT).header("Authorization", BearerKey.BEARER + internalKey)
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json));
      if (accept != null) {
        request.header("Accept", accept);
      }
      if (json != null) {
        request.header("Content-Type", Http.JSON);
      }
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException | IllegalArgumentException e) {
        unreachable = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpErrors.Unavailable("interrupted", e);
      }
    }
    if (answer == null) {
      throw new HttpErrors.Unavailable(app.name() + " cannot be reached; retry shortly", unreachable);
    }
    return answer;
  }

  /** The app's answer, unchanged: status, content type, retry hint and body. */
  static void relay(HttpServerExchange exchange, HttpResponse<byte[]> answer) {
    exchange.setStatusCode(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, v));
    answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().put(Headers.RETRY_AFTER, v));
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }
}
