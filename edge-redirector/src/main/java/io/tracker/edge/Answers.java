package io.tracker.edge;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The edge's answers, built once; handlers send a duplicate of a read-only buffer from the IO thread. */
final class Answers {
  private Answers() {}

  /** A transparent 1×1 GIF. */
  private static final ByteBuffer GIF = prebuilt(Base64.getDecoder().decode(
      "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));
  private static final ByteBuffer NOT_FOUND_PAGE = prebuilt(
      "<!doctype html><title>Not found</title><h1>Not found</h1><p>This link is not available.</p>\n"
          .getBytes(StandardCharsets.UTF_8));
  private static final ByteBuffer EMPTY_JS = prebuilt("/* ok */\n".getBytes(StandardCharsets.UTF_8));
  private static final ByteBuffer EMPTY_HTML = prebuilt("<!doctype html>\n".getBytes(StandardCharsets.UTF_8));

  static void gif(HttpServerExchange exchange) {
    send(exchange, StatusCodes.OK, "image/gif", GIF);
  }

  static void emptyScript(HttpServerExchange exchange) {
    send(exchange, StatusCodes.OK, "application/javascript; charset=utf-8", EMPTY_JS);
  }

  static void emptyPage(HttpServerExchange exchange) {
    send(exchange, StatusCodes.OK, "text/html; charset=utf-8", EMPTY_HTML);
  }

  static void notFoundPage(HttpServerExchange exchange) {
    send(exchange, StatusCodes.NOT_FOUND, "text/html; charset=utf-8", NOT_FOUND_PAGE);
  }

  static void redirect(HttpServerExchange exchange, String location) {
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.LOCATION, location);
    exchange.endExchange();
  }

  /** A 4xx with a short reason in plain text, for links and pixels. */
  static void badRequest(HttpServerExchange exchange, String what, String reason) {
    exchange.setStatusCode(StatusCodes.BAD_REQUEST);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(what + ": " + reason + "\n", StandardCharsets.UTF_8);
  }

  static void send(HttpServerExchange exchange, int status, String contentType, ByteBuffer body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(body.duplicate());
  }

  static ByteBuffer prebuilt(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }
}
