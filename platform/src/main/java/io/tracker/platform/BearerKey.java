package io.tracker.platform;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>}, else 401. Only a SHA-256 of the key is
 * kept, and it is compared in constant time. Guards the admin API (the admin key) and the Streams apps' query
 * ports (the internal key).
 */
public final class BearerKey implements HttpHandler {
  public static final String BEARER = "Bearer ";

  private final byte[] keyHash;
  private final String keyName;
  private final HttpHandler next;

  /** {@code keyName} names the key in the refusal, e.g. "admin key". */
  public BearerKey(String key, String keyName, HttpHandler next) {
    this.keyHash = sha256(key);
    this.keyName = keyName;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!matches(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      Http.sendError(exchange, 401, "missing or wrong " + keyName + " (Authorization: Bearer <key>)");
      return;
    }
    next.handleRequest(exchange);
  }

  /** Whether an Authorization header carries this key. */
  public boolean matches(String authorization) {
    return authorization != null && authorization.startsWith(BEARER)
        && MessageDigest.isEqual(keyHash, sha256(authorization.substring(BEARER.length()).trim()));
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
