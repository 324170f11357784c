package io.tracker.admin;

import io.tracker.catalog.Affiliate;
import io.tracker.platform.Catalog;

/** {@code GET /api/me}: who the key is, so that the console shows the admin's pages or an affiliate's own. */
record Me(String role, Long affiliateId, String affiliateName) {
  static Me of(ApiCaller caller, Catalog catalog) {
    if (caller.isAdmin()) {
      return new Me("admin", null, null);
    }
    Affiliate affiliate = catalog.affiliate(caller.affiliateId());
    return new Me("affiliate", caller.affiliateId(), affiliate == null ? null : affiliate.getName());
  }
}
