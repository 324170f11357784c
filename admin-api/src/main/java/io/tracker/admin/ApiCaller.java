package io.tracker.admin;

import io.tracker.platform.HttpErrors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Who is calling the API: the admin (the admin key) or an affiliate (one of its keys), as {@link ApiAuth} found
 * it. Handlers ask it what the caller may see and do; an affiliate only ever acts for itself.
 */
record ApiCaller(Long affiliateId, Long keyId) {
  static final ApiCaller ADMIN = new ApiCaller(null, null);
  private static final AttachmentKey<ApiCaller> KEY = AttachmentKey.create(ApiCaller.class);

  static ApiCaller affiliate(long affiliateId, long keyId) {
    return new ApiCaller(affiliateId, keyId);
  }

  static ApiCaller of(HttpServerExchange exchange) {
    ApiCaller caller = exchange.getAttachment(KEY);
    return caller == null ? ADMIN : caller;
  }

  void attachTo(HttpServerExchange exchange) {
    exchange.putAttachment(KEY, this);
  }

  boolean isAdmin() {
    return affiliateId == null;
  }

  /** Who made a change, as adjustments record it. */
  String describe() {
    return isAdmin() ? "admin" : "affiliate " + affiliateId + " (key " + keyId + ")";
  }

  /** 403 unless the caller is the admin or this affiliate. */
  void mustActFor(Long owner, String what) {
    if (!isAdmin() && !affiliateId.equals(owner)) {
      throw new HttpErrors.Forbidden("an affiliate key may use only its own affiliate's " + what);
    }
  }

  /** 403 unless the caller is the admin. */
  void mustBeAdmin() {
    if (!isAdmin()) {
      throw new HttpErrors.Forbidden("an affiliate key may not do this");
    }
  }
}
