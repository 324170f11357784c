package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Settings;
import io.tracker.catalog.Status;
import io.tracker.events.RedirectReason;
import io.tracker.events.RedirectTarget;
import io.tracker.platform.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fallback chain step by step: each missing or paused part, and each rung of redirects. */
class LinkResolverTest {
  private static final String LANDING = "https://shop.example/lp";
  private static final String OFFER_REDIRECT = "https://shop.example/other";
  private static final String REDIRECT_OFFER_PAGE = "https://alt.example/lp";
  private static final String GLOBAL = "https://network.example/";

  private static Offer offer(long id, Status status, String redirect) {
    return new Offer(id, 1L, "o" + id, id == 2 ? REDIRECT_OFFER_PAGE : LANDING, 14, AttributionModel.LAST_TOUCH,
        2_500_000L, 4_000_000L, status, redirect, ConversionApproval.AUTO, List.of(), null);
  }

  private static Catalog catalog(Status affiliate, Status creative, Offer offer, Campaign campaign, String global) {
    return Catalog.of(List.of(new Affiliate(10L, "aff", affiliate)), List.of(new Advertiser(1L, "adv", "k", List.of())),
        List.of(offer, offer(2, Status.ACTIVE, null)), campaign == null ? List.of() : List.of(campaign),
        List.of(new Creative(20L, 1L, "banner", null, creative)), new Settings(global));
  }

  private static Campaign campaign(Status status, Long redirectOfferId, Integer days) {
    return new Campaign(30L, 10L, 1L, status, days, null, 3_000_000L, redirectOfferId, Map.of(), List.of(), null);
  }

  @Test
  void aGoodLinkGoesToTheLandingPageWithTheCampaignsOverrides() {
    var r = LinkResolver.resolve(catalog(Status.ACTIVE, Status.ACTIVE, offer(1, Status.ACTIVE, null),
        campaign(Status.ACTIVE, null, 3), null), 10, 20);
    assertEquals(RedirectReason.OK, r.reason());
    assertEquals(RedirectTarget.OFFER_LANDING_PAGE, r.target());
    assertEquals(LANDING, r.url());
    assertEquals(3, r.clickCookieDays(), "campaign overrides the offer's 14 days");
    assertEquals(AttributionModel.LAST_TOUCH, r.attributionModel(), "the offer's model when the campaign has none");
    assertEquals(3_000_000L, r.payoutMicros());
  }

  @Test
  void eachProblemHasItsReasonAndTheChainItsOrder() {
    Offer active = offer(1, Status.ACTIVE, OFFER_REDIRECT);
    Campaign withRedirectOffer = campaign(Status.ACTIVE, 2L, null);
    // campaign's redirect offer comes first
    var r = LinkResolver.resolve(catalog(Status.PAUSED, Status.ACTIVE, active, withRedirectOffer, GLOBAL), 10, 20);
    assertEquals(RedirectReason.INACTIVE_AFFILIATE, r.reason());
    assertEquals(RedirectTarget.CAMPAIGN_REDIRECT_OFFER, r.target());
    assertEquals(REDIRECT_OFFER_PAGE, r.url());
    assertEquals(0, r.payoutMicros(), "a click that did not reach its offer earns nothing");
    // then the offer's redirect
    r = LinkResolver.resolve(catalog(Status.ACTIVE, Status.ACTIVE, offer(1, Status.PAUSED, OFFER_REDIRECT),
        campaign(Status.ACTIVE, null, null), GLOBAL), 10, 20);
    assertEquals(RedirectReason.PAUSED_OFFER, r.reason());
    assertEquals(RedirectTarget.OFFER_REDIRECT, r.target());
    // then the global redirect
    r = LinkResolver.resolve(catalog(Status.ACTIVE, Status.ACTIVE, offer(1, Status.ACTIVE, null),
        campaign(Status.PAUSED, null, null), GLOBAL), 10, 20);
    assertEquals(RedirectReason.PAUSED_CAMPAIGN, r.reason());
    assertEquals(RedirectTarget.GLOBAL_REDIRECT, r.target());
    assertEquals(GLOBAL, r.url());
    // then nothing: a 404 page
    r = LinkResolver.resolve(catalog(Status.ACTIVE, Status.ACTIVE, offer(1, Status.ACTIVE, null), null, null), 10, 20);
    assertEquals(RedirectReason.NO_CAMPAIGN, r.reason());
    assertEquals(RedirectTarget.NOT_FOUND, r.target());
    assertNull(r.url());
  }

  @Test
  void unknownPartsAreNamed() {
    Catalog c = catalog(Status.ACTIVE, Status.PAUSED, offer(1, Status.ACTIVE, null), campaign(Status.ACTIVE, null, null), GLOBAL);
    assertEquals(RedirectReason.UNKNOWN_AFFILIATE, LinkResolver.resolve(c, 11, 20).reason());
    assertEquals(RedirectReason.UNKNOWN_CREATIVE, LinkResolver.resolve(c, 10, 21).reason());
    assertEquals(RedirectReason.INACTIVE_CREATIVE, LinkResolver.resolve(c, 10, 20).reason());
    assertEquals(GLOBAL, LinkResolver.resolve(c, 10, 21).url());
  }
}
