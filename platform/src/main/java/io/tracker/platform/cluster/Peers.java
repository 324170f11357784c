package io.tracker.platform.cluster;

import io.tracker.platform.BearerKey;
import io.tracker.platform.HttpErrors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/** The other instances of a Streams app, asked over HTTP on their internal routes with the internal key. */
public final class Peers {
  /** Covers a peer's own wait for RUNNING plus its store read. */
  static final Duration TIMEOUT = LocalStores.RUNNING_WAIT.plusSeconds(8);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final String internalKey;

  public Peers(String internalKey) {
    this.internalKey = internalKey;
  }

  CompletableFuture<HttpResponse<byte[]>> get(HostInfo peer, String pathAndQuery) {
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
    return http.sendAsync(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", BearerKey.BEARER + internalKey).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The peer's answer, or {@link HttpErrors.Unavailable} when it cannot be reached. */
  HttpResponse<byte[]> getNow(HostInfo peer, String pathAndQuery) {
    try {
      return get(peer, pathAndQuery).join();
    } catch (CompletionException e) {
      throw new HttpErrors.Unavailable(name(peer) + " cannot be reached", e.getCause());
    }
  }

  static String name(HostInfo peer) {
    return "instance " + peer.host() + ":" + peer.port();
  }
}
