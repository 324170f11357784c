package io.tracker.admin;

import io.tracker.catalog.AffiliateKey;
import io.tracker.platform.BearerKey;
import io.tracker.platform.Http;
import io.tracker.platform.ReportPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Who may call the API: the admin key may call everything; an affiliate's key (looked up by its SHA-256 in the
 * catalog, refused once revoked) only its own view: the click and conversion reports, which it gets as an
 * affiliate view (its affiliate filter forced, the network's money left out, by the Streams apps that answer),
 * the link generator and its postbacks, whose handlers check that it acts for itself; anything else is 403. A
 * missing or unknown key is 401.
 */
final class ApiAuth implements HttpHandler {
  /** Reports an affiliate reads, as its own view. */
  private static final List<String> AFFILIATE_REPORTS = List.of(ReportPaths.CLICKS, ReportPaths.CONVERSIONS);

  private final BearerKey admin;
  private final CatalogWriter catalog;
  private final KeyUses uses;
  private final HttpHandler next;

  ApiAuth(String adminKey, CatalogWriter catalog, KeyUses uses, HttpHandler next) {
    this.admin = new BearerKey(adminKey, "admin key", next);
    this.catalog = catalog;
    this.uses = uses;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (admin.matches(authorization)) {
      ApiCaller.ADMIN.attachTo(exchange);
      next.handleRequest(exchange);
      return;
    }
    AffiliateKey key = affiliateKey(authorization);
    if (key == null) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      Http.sendError(exchange, 401, "missing, wrong or revoked key (Authorization: Bearer <admin or affiliate key>)");
      return;
    }
    uses.used(key);
    String path = exchange.getRequestPath();
    boolean report = exchange.getRequestMethod().equals(Methods.GET) && AFFILIATE_REPORTS.contains(path);
    if (!report && !mayCall(exchange.getRequestMethod().toString(), path)) {
      Http.sendError(exchange, 403, "an affiliate key may call only its reports, POST /api/links and /api/postbacks");
      return;
    }
    if (report && !asAffiliateView(exchange, key.getAffiliateId())) {
      Http.sendError(exchange, 403, "an affiliate key sees only its own affiliate's rows");
      return;
    }
    ApiCaller.affiliate(key.getAffiliateId(), key.getId()).attachTo(exchange);
    next.handleRequest(exchange);
  }

  private AffiliateKey affiliateKey(String authorization) {
    if (authorization == null || !authorization.startsWith(BearerKey.BEARER)) {
      return null;
    }
    String hash = HexFormat.of().formatHex(BearerKey.sha256(authorization.substring(BearerKey.BEARER.length()).trim()));
    AffiliateKey key = catalog.catalog().affiliateKeyByHash(hash);
    return key == null || key.getRevokedAt() != null ? null : key;
  }

  private static boolean mayCall(String method, String path) {
    return (method.equals("POST") && path.equals("/api/links"))
        || path.equals("/api/postbacks") || path.startsWith("/api/postbacks/")
        || (method.equals("GET") && path.equals("/api/me"));
  }

  /**
   * Makes the report request the affiliate's view of itself: affiliateId forced to its own (another one is
   * refused) and affiliateView=true, which the Streams apps answer without revenue, EPC or other affiliates.
   */
  private static boolean asAffiliateView(HttpServerExchange exchange, long affiliateId) {
    String own = Long.toString(affiliateId);
    Map<String, Deque<String>> parameters = exchange.getQueryParameters();
    Deque<String> asked = parameters.get("affiliateId");
    if (asked != null && asked.stream().anyMatch(value -> !value.isBlank() && !value.strip().equals(own))) {
      return false;
    }
    parameters.put("affiliateId", new ArrayDeque<>(List.of(own)));
    parameters.put("affiliateView", new ArrayDeque<>(List.of("true")));
    exchange.setQueryString(ApiRequests.queryString(parameters));
    return true;
  }
}
