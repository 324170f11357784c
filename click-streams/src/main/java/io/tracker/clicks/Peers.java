package io.tracker.clicks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/** The other instances of this app, asked over HTTP on their internal routes. */
final class Peers {
  /** Covers a peer's own wait for RUNNING plus its store read. */
  static final Duration TIMEOUT = LocalStores.RUNNING_WAIT.plusSeconds(3);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  CompletableFuture<HttpResponse<byte[]>> get(HostInfo peer, String pathAndQuery) {
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
    return http.sendAsync(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String name(HostInfo peer) {
    return "instance " + peer.host() + ":" + peer.port();
  }
}
