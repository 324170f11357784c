package io.tracker.edge;

import io.tracker.events.ClickKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /?a=&c=[&s1..s5=][&udid=][&test=1]}: records the click and answers 302 to the landing page (or
 * the fallback chain's URL), or a plain 404 page when the chain has no URL. Bad parameters get a 400 with the
 * reason. Answers on the IO thread from prebuilt buffers.
 */
final class TrackingLinkHandler implements HttpHandler {
  private static final ByteBuffer NOT_FOUND_PAGE = prebuilt(
      "<!doctype html><title>Not found</title><h1>Not found</h1><p>This link is not available.</p>\n");

  private final ClickRecorder recorder;

  TrackingLinkHandler(ClickRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    LinkParameters.Parsed parsed = LinkParameters.parse(exchange.getQueryParameters());
    if (parsed.error() != null) {
      exchange.setStatusCode(StatusCodes.BAD_REQUEST);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("Bad link: " + parsed.error() + "\n", StandardCharsets.UTF_8);
      return;
    }
    ClickRecorder.Recorded recorded = recorder.record(exchange, parsed.parameters(), ClickKind.LINK);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (recorded.location() == null) {
      exchange.setStatusCode(StatusCodes.NOT_FOUND);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      exchange.getResponseSender().send(NOT_FOUND_PAGE.duplicate());
      return;
    }
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange.getResponseHeaders().put(Headers.LOCATION, recorded.location());
    exchange.endExchange();
  }

  private static ByteBuffer prebuilt(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }
}
