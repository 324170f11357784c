package io.tracker.platform;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failures an HTTP handler of the tracker throws, and the one place that turns them into short JSON
 * answers: 400 naming every problem, 404, 503 with a retry hint; anything else is a 500 without internals.
 */
public final class HttpErrors {
  private HttpErrors() {}

  private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);
  /** Seconds after which a refused query is worth asking again (a rebalance, an instance out of reach). */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** A request refused with 400 and the listed reasons. */
  public static class BadRequest extends RuntimeException {
    private final List<String> errors;

    public BadRequest(List<String> errors) {
      super(String.join("; ", errors));
      this.errors = List.copyOf(errors);
    }

    public BadRequest(String error) {
      this(List.of(error));
    }

    public List<String> errors() {
      return errors;
    }
  }

  /** A thing named in the path that does not exist: 404. */
  public static class NotFound extends RuntimeException {
    public NotFound(String what) {
      super(what);
    }
  }

  /** An answer that cannot be given in full right now (Kafka, a rebalance, an instance out of reach): 503, retry. */
  /** The caller is known but may not do this (an affiliate's key outside its own view): 403. */
  public static class Forbidden extends RuntimeException {
    public Forbidden(String reason) {
      super(reason);
    }
  }

  public static class Unavailable extends RuntimeException {
    public Unavailable(String reason) {
      super(reason);
    }

    public Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** Answers what {@code next} throws: {@link BadRequest} 400, {@link NotFound} 404, {@link Forbidden} 403, {@link Unavailable} 503. */
  public static HttpHandler answering(HttpHandler next) {
    return exchange -> {
      try {
        next.handleRequest(exchange);
      } catch (BadRequest e) {
        Http.sendJson(exchange, 400, ordered("error", e.getMessage(), "errors", e.errors()));
      } catch (NotFound e) {
        Http.sendError(exchange, 404, e.getMessage());
      } catch (Forbidden e) {
        Http.sendError(exchange, 403, e.getMessage());
      } catch (Unavailable e) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Http.sendJson(exchange, 503, ordered("error", e.getMessage(), "retryAfterSeconds", RETRY_AFTER_SECONDS));
      } catch (RuntimeException e) {
        log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
        Http.sendError(exchange, 500, "internal error");
      }
    };
  }

  /** The reason first, whatever follows: readers (and people) look there. */
  private static Map<String, Object> ordered(String key, Object value, String otherKey, Object otherValue) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, value);
    body.put(otherKey, otherValue);
    return body;
  }
}
