package io.tracker.edge;

import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;

/**
 * The tracker's first-party cookies: {@code tv} names the visitor, {@code tc_<offer id>} holds the click that
 * a conversion pixel on that offer credits. Values are read only when they are well-formed ids of ours.
 * Cookies are HttpOnly; over HTTPS (directly or from a trusted proxy) they are {@code SameSite=None; Secure}
 * so that pixels on other sites still carry them.
 */
final class Cookies {
  static final String VISITOR = "tv";
  static final String CLICK_PREFIX = "tc_";

  /** What follows a cookie's value and max age, per scheme: set once, copied into every answer. */
  private final String plainAttributes;
  private final String secureAttributes;
  /** The same after the visitor cookie's value, its max age included. */
  private final String plainVisitorAttributes;
  private final String secureVisitorAttributes;

  Cookies(String domain, int visitorCookieDays) {
    String common = "; Path=/" + (domain.isBlank() ? "" : "; Domain=" + domain) + "; HttpOnly";
    this.plainAttributes = common + "; SameSite=Lax";
    this.secureAttributes = common + "; Secure; SameSite=None";
    String visitorMaxAge = "; Max-Age=" + visitorCookieDays * 86_400;
    this.plainVisitorAttributes = visitorMaxAge + plainAttributes;
    this.secureVisitorAttributes = visitorMaxAge + secureAttributes;
  }

  static String clickCookieName(long offerId) {
    return CLICK_PREFIX + offerId;
  }

  /** The visitor id in the request's cookie, or null. */
  String visitor(HttpServerExchange exchange) {
    Cookie cookie = requestCookie(exchange, VISITOR);
    return cookie != null && VisitorId.isValid(cookie.getValue()) ? cookie.getValue() : null;
  }

  /** The click id in the request's click cookie for the offer, or null. */
  String click(HttpServerExchange exchange, long offerId) {
    Cookie cookie = requestCookie(exchange, clickCookieName(offerId));
    return cookie != null && ClickId.parse(cookie.getValue()).isPresent() ? cookie.getValue() : null;
  }

  /** A new visitor brings no Cookie header: Undertow would still build its cookie map to find nothing. */
  private static Cookie requestCookie(HttpServerExchange exchange, String name) {
    return exchange.getRequestHeaders().contains(Headers.COOKIE) ? exchange.getRequestCookie(name) : null;
  }

  /*
   * Written as the header itself: Undertow's cookie formatting (an Expires date through SimpleDateFormat and a
   * regex per attribute) was a seventh of the edge's time per click. Max-Age alone sets the lifetime (RFC 6265);
   * names and values are ids of ours, plain tokens. Secure: the request came over HTTPS (RequestOrigin).
   */

  void setVisitor(HttpServerExchange exchange, String visitorId, boolean secure) {
    exchange.getResponseHeaders().add(Headers.SET_COOKIE,
        VISITOR + "=" + visitorId + (secure ? secureVisitorAttributes : plainVisitorAttributes));
  }

  void setClick(HttpServerExchange exchange, long offerId, String clickId, int maxAgeSeconds, boolean secure) {
    exchange.getResponseHeaders().add(Headers.SET_COOKIE, CLICK_PREFIX + offerId + "=" + clickId + "; Max-Age="
        + maxAgeSeconds + (secure ? secureAttributes : plainAttributes));
  }
}
