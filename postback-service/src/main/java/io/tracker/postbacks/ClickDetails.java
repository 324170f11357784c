package io.tracker.postbacks;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.platform.BearerKey;
import io.tracker.platform.Json;
import io.tracker.platform.ReportPaths;
import io.tracker.platform.postback.PostbackToken;
import io.tracker.platform.postback.PostbackUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tokens of a postback that only the credited click knows (s2..s5, udid: a credit carries s1 alone), read from
 * click-streams' click look-up when a URL first needs them. A click click-streams no longer keeps leaves them empty;
 * click-streams out of reach fails the attempt, which is tried again later like any other.
 */
final class ClickDetails {
  private static final Map<PostbackToken, String> FIELDS = Map.of(PostbackToken.S2, "s2", PostbackToken.S3, "s3",
      PostbackToken.S4, "s4", PostbackToken.S5, "s5", PostbackToken.UDID, "udid");

  private final HttpClient http;
  private final URI clickStreams;
  private final String internalKey;
  private final Duration timeout;

  ClickDetails(HttpClient http, URI clickStreams, String internalKey, Duration timeout) {
    this.http = http;
    this.clickStreams = clickStreams;
    this.internalKey = internalKey;
    this.timeout = timeout;
  }

  CompletableFuture<Map<PostbackToken, String>> tokens(String clickId) {
    URI uri = URI.create(clickStreams + ReportPaths.CLICK.replace("{clickId}", PostbackUrl.encode(clickId)));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Authorization", BearerKey.BEARER + internalKey).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
      Map<PostbackToken, String> values = new EnumMap<>(PostbackToken.class);
      if (response.statusCode() == 404) {
        FIELDS.keySet().forEach(token -> values.put(token, null));
        return values;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("click-streams answered " + response.statusCode());
      }
      JsonNode click;
      try {
        click = Json.MAPPER.readTree(response.body()).path("click");
      } catch (IOException e) {
        throw new UncheckedIOException("click-streams answered what cannot be read", e);
      }
      FIELDS.forEach((token, field) -> values.put(token, click.path(field).textValue()));
      return values;
    });
  }
}
