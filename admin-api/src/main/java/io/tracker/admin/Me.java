package io.tracker.admin;

import io.tracker.catalog.Affiliate;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Status;
import io.tracker.platform.Catalog;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/me}: who the key is, so that the console shows the admin's pages or an affiliate's own. For an
 * affiliate, the part of the catalog it works with: its campaigns, their offers and creatives, by id and name
 * only (never an offer's revenue or another affiliate's campaign).
 */
record Me(String role, Long affiliateId, String affiliateName, List<OwnCampaign> campaigns, List<Named> offers,
    List<OwnCreative> creatives) {

  record OwnCampaign(long id, long affiliateId, long offerId, Status status) {}

  record Named(long id, String name, Status status) {}

  record OwnCreative(long id, long offerId, String name, Status status) {}

  static Me of(ApiCaller caller, Catalog catalog) {
    if (caller.isAdmin()) {
      return new Me("admin", null, null, List.of(), List.of(), List.of());
    }
    long affiliateId = caller.affiliateId();
    Affiliate affiliate = catalog.affiliate(affiliateId);
    List<Campaign> campaigns = catalog.campaigns().values().stream()
        .filter(campaign -> campaign.getAffiliateId() == affiliateId).toList();
    Set<Long> offerIds = campaigns.stream().map(Campaign::getOfferId).collect(Collectors.toSet());
    return new Me("affiliate", affiliateId, affiliate == null ? null : affiliate.getName(),
        campaigns.stream().map(c -> new OwnCampaign(c.getId(), affiliateId, c.getOfferId(), c.getStatus())).toList(),
        offerIds.stream().sorted().map(catalog::offer).filter(o -> o != null)
            .map((Offer o) -> new Named(o.getId(), o.getName(), o.getStatus())).toList(),
        catalog.creatives().values().stream().filter(c -> offerIds.contains(c.getOfferId()))
            .map(c -> new OwnCreative(c.getId(), c.getOfferId(), c.getName(), c.getStatus())).toList());
  }
}
