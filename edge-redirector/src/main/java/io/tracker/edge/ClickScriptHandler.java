package io.tracker.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** {@code GET /pixel/click.js}: the direct-link JS tag (a static script; browsers may cache it for an hour). */
final class ClickScriptHandler implements HttpHandler {
  private static final ByteBuffer SCRIPT = load("/edge/click.js");

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.setStatusCode(StatusCodes.OK);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/javascript; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=3600");
    exchange.getResponseSender().send(SCRIPT.duplicate());
  }

  private static ByteBuffer load(String resource) {
    try (InputStream in = ClickScriptHandler.class.getResourceAsStream(resource)) {
      return Answers.prebuilt(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("missing resource " + resource, e));
    }
  }
}
