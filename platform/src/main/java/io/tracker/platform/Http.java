package io.tracker.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the tracker's Undertow servers. */
public final class Http {
  private Http() {}

  public static final String JSON = "application/json";

  public static void sendJson(HttpServerExchange exchange, int status, Object body) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON answer", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  public static void sendText(HttpServerExchange exchange, int status, String contentType, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  /** A client error with a short reason: {@code {"error": reason}}. */
  public static void sendError(HttpServerExchange exchange, int status, String reason) {
    sendJson(exchange, status, Map.of("error", reason));
  }

  /** {@code /healthz}: the process answers. */
  public static HttpHandler health() {
    return exchange -> sendText(exchange, 200, "text/plain", "ok\n");
  }

  /** {@code /readyz}: 200 when ready, else 503 so that a load balancer sends traffic elsewhere. */
  public static HttpHandler readiness(BooleanSupplier ready) {
    return exchange -> {
      boolean ok = ready.getAsBoolean();
      sendText(exchange, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
    };
  }
}
