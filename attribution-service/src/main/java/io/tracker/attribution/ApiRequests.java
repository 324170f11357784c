package io.tracker.attribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracker.platform.Http;
import io.tracker.platform.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading JSON request bodies and turning failures into clear answers, for every API handler. */
final class ApiRequests {
  private ApiRequests() {}

  private static final Logger log = LoggerFactory.getLogger(ApiRequests.class);

  /** A request the API refuses with 400 and the listed reasons. */
  static final class BadRequest extends RuntimeException {
    final List<String> errors;

    BadRequest(List<String> errors) {
      super(String.join("; ", errors));
      this.errors = errors;
    }

    BadRequest(String error) {
      this(List.of(error));
    }
  }

  /** An answer that cannot be given in full right now (Kafka, a rebalance, an instance out of reach): 503, retry. */
  static class Unavailable extends RuntimeException {
    Unavailable(String reason) {
      super(reason);
    }

    Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** A thing named in the path that does not exist: 404. */
  static final class NotFound extends RuntimeException {
    NotFound(String what) {
      super(what);
    }
  }

  static ObjectNode readObject(HttpServerExchange exchange) {
    try {
      JsonNode node = Json.MAPPER.readTree(exchange.getInputStream());
      if (node == null || !node.isObject()) {
        throw new BadRequest("the body must be a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest("the body could not be read: " + e.getMessage());
    }
  }

  static <B> B convert(JsonNode node, Class<B> type) {
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new BadRequest(e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  static long pathId(HttpServerExchange exchange) {
    String raw = exchange.getQueryParameters().get("id").getFirst();
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the same answer as a non-positive id
    }
    throw new NotFound("no such id: " + raw);
  }

  /** Maps the API's exceptions to 4xx/503 answers; anything else is a 500 without internals. */
  static HttpHandler answeringErrors(HttpHandler next) {
    return exchange -> {
      try {
        next.handleRequest(exchange);
      } catch (BadRequest e) {
        Http.sendJson(exchange, 400, Map.of("error", e.getMessage(), "errors", e.errors));
      } catch (NotFound e) {
        Http.sendError(exchange, 404, e.getMessage());
      } catch (Unavailable e) {
        exchange.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, "1");
        Http.sendError(exchange, 503, e.getMessage());
      } catch (RuntimeException e) {
        log.error("API request {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
        Http.sendError(exchange, 500, "internal error");
      }
    };
  }
}
