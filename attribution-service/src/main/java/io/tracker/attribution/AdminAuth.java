package io.tracker.attribution;

import io.tracker.platform.Http;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin key>}. Only a SHA-256 of the key is
 * kept, and it is compared in constant time.
 */
final class AdminAuth implements HttpHandler {
  private static final String BEARER = "Bearer ";

  private final byte[] keyHash;
  private final HttpHandler next;

  AdminAuth(String adminKey, HttpHandler next) {
    this.keyHash = sha256(adminKey);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.startsWith(BEARER)
        || !MessageDigest.isEqual(keyHash, sha256(header.substring(BEARER.length()).trim()))) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      Http.sendError(exchange, 401, "missing or wrong admin key (Authorization: Bearer <key>)");
      return;
    }
    next.handleRequest(exchange);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
