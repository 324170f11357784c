package io.tracker.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/** Reading JSON request bodies and path ids, for every API handler; failures are {@link HttpErrors} 4xx. */
final class ApiRequests {
  private ApiRequests() {}

  static ObjectNode readObject(HttpServerExchange exchange) {
    try {
      JsonNode node = Json.MAPPER.readTree(exchange.getInputStream());
      if (node == null || !node.isObject()) {
        throw new HttpErrors.BadRequest("the body must be a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new HttpErrors.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpErrors.BadRequest("the body could not be read: " + e.getMessage());
    }
  }

  static <B> B convert(JsonNode node, Class<B> type) {
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new HttpErrors.BadRequest(e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new HttpErrors.BadRequest(e.getMessage());
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
    throw new HttpErrors.NotFound("no such id: " + raw);
  }

  /** Query parameters as a query string, each value URL-encoded. */
  static String queryString(java.util.Map<String, java.util.Deque<String>> parameters) {
    java.util.List<String> pairs = new java.util.ArrayList<>();
    parameters.forEach((name, values) -> values.forEach(value -> pairs.add(encode(name) + "=" + encode(value))));
    return String.join("&", pairs);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
