package io.tracker.admin;

import io.tracker.catalog.Postback;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.tracker.platform.ReportPaths;
import io.tracker.platform.postback.PostbackToken;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beside the postbacks' CRUD: {@code GET /api/postbacks/tokens}, the tokens a postback URL may hold (what the
 * console's token picker offers), and {@code POST /api/postbacks/{id}/test}, one test call of the postback now,
 * made by the postback service through its sender's rules, with what the target answered.
 */
record PostbacksHandler(CatalogWriter writer, ReportForwarder postbackService, AppInstances postbacks) {
  record Token(String token, String alias, String description) {}

  static final List<Token> TOKENS = Arrays.stream(PostbackToken.values())
      .map(token -> new Token(token.cake(), token.braces(), token.description())).toList();

  void addTo(RoutingHandler routes) {
    routes.get("/api/postbacks/tokens", exchange -> Http.sendJson(exchange, 200, TOKENS));
    routes.post("/api/postbacks/{id}/test", this::testCall);
  }

  private void testCall(HttpServerExchange exchange) throws Exception {
    long id = ApiRequests.pathId(exchange);
    Postback postback = writer.catalog().postback(id);
    if (postback == null) {
      throw new HttpErrors.NotFound("no postbacks with id " + id);
    }
    ApiCaller.of(exchange).mustActFor(postback.getAffiliateId(), "postbacks");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("affiliateId", postback.getAffiliateId());
    request.put("offerId", postback.getOfferId());
    request.put("event", postback.getEvent());
    request.put("url", postback.getUrl());
    ReportForwarder.relay(exchange, postbackService.ask(postbacks, "POST",
        ReportPaths.POSTBACK_TEST, Http.JSON, Json.MAPPER.writeValueAsBytes(request)));
  }
}
