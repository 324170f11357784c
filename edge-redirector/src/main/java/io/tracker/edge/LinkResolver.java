package io.tracker.edge;

import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Status;
import io.tracker.platform.Catalog;
import io.tracker.events.RedirectReason;
import io.tracker.events.RedirectTarget;

/**
 * Decides where a click on affiliate a × creative c goes, from the catalog alone: the landing page when every
 * part of the link is known and active, else the fallback chain (campaign's redirect offer → offer's redirect
 * → global redirect → not found), with the reason. Only catalog URLs ever come out of here.
 */
final class LinkResolver {
  private LinkResolver() {}

  static final int DEFAULT_COOKIE_DAYS = 30;

  /**
   * Where to send the consumer and what the click earns; url is null when target is NOT_FOUND. detail says what
   * traffic control found (the targeting rule failed, the cap reached); clickCaps: see Click.clickCaps.
   */
  record Resolution(RedirectReason reason, RedirectTarget target, String url, Offer offer, Campaign campaign,
      int clickCookieDays, AttributionModel attributionModel, long payoutMicros, String detail, int clickCaps) {}

  static Resolution resolve(Catalog catalog, long affiliateId, long creativeId) {
    return resolve(catalog, affiliateId, creativeId, TrafficControl.NONE, null);
  }

  /** Resolves the link, then lets traffic control (targeting, caps) decide about a link that would land. */
  static Resolution resolve(Catalog catalog, long affiliateId, long creativeId, TrafficControl traffic,
      TrafficControl.Visitor visitor) {
    Creative creative = catalog.creative(creativeId);
    Offer offer = creative == null ? null : catalog.offer(creative.getOfferId());
    Campaign campaign = offer == null ? null : catalog.campaignFor(affiliateId, offer.getId());
    RedirectReason reason = firstProblem(catalog, affiliateId, creative, offer, campaign);
    TrafficControl.Decision decision = reason != RedirectReason.OK || visitor == null
        ? TrafficControl.Decision.PASS : traffic.decide(offer, campaign, visitor);
    if (decision.reason() != RedirectReason.OK) {
      reason = decision.reason();
    }

    int cookieDays = DEFAULT_COOKIE_DAYS;
    AttributionModel model = AttributionModel.FIRST_TOUCH;
    long payout = 0;
    if (offer != null) {
      cookieDays = offer.getClickCookieDays();
      model = offer.getAttributionModel();
      payout = offer.getPayoutMicros();
    }
    if (campaign != null) {
      cookieDays = campaign.getClickCookieDays() != null ? campaign.getClickCookieDays() : cookieDays;
      model = campaign.getAttributionModel() != null ? campaign.getAttributionModel() : model;
      payout = campaign.getPayoutMicros() != null ? campaign.getPayoutMicros() : payout;
    }

    if (reason == RedirectReason.OK) {
      boolean ownPage = creative.getLandingPageUrl() != null;
      return new Resolution(reason,
          ownPage ? RedirectTarget.CREATIVE_LANDING_PAGE : RedirectTarget.OFFER_LANDING_PAGE,
          ownPage ? creative.getLandingPageUrl() : offer.getLandingPageUrl(),
          offer, campaign, cookieDays, model, payout, null, decision.clickCaps());
    }
    RedirectTarget target;
    String url;
    Offer redirectOffer = campaign == null || campaign.getRedirectOfferId() == null
        ? null : catalog.offer(campaign.getRedirectOfferId());
    if (redirectOffer != null && redirectOffer.getStatus() == Status.ACTIVE) {
      target = RedirectTarget.CAMPAIGN_REDIRECT_OFFER;
      url = redirectOffer.getLandingPageUrl();
    } else if (offer != null && offer.getRedirectUrl() != null) {
      target = RedirectTarget.OFFER_REDIRECT;
      url = offer.getRedirectUrl();
    } else if (catalog.settings().getGlobalRedirectUrl() != null) {
      target = RedirectTarget.GLOBAL_REDIRECT;
      url = catalog.settings().getGlobalRedirectUrl();
    } else {
      target = RedirectTarget.NOT_FOUND;
      url = null;
    }
    return new Resolution(reason, target, url, offer, campaign, cookieDays, model, 0, decision.detail(), 0);
  }

  private static RedirectReason firstProblem(Catalog catalog, long affiliateId, Creative creative, Offer offer,
      Campaign campaign) {
    var affiliate = catalog.affiliate(affiliateId);
    if (affiliate == null) {
      return RedirectReason.UNKNOWN_AFFILIATE;
    }
    if (affiliate.getStatus() != Status.ACTIVE) {
      return RedirectReason.INACTIVE_AFFILIATE;
    }
    if (creative == null) {
      return RedirectReason.UNKNOWN_CREATIVE;
    }
    if (creative.getStatus() != Status.ACTIVE) {
      return RedirectReason.INACTIVE_CREATIVE;
    }
    if (offer == null) {
      return RedirectReason.UNKNOWN_OFFER;
    }
    if (offer.getStatus() != Status.ACTIVE) {
      return RedirectReason.PAUSED_OFFER;
    }
    if (campaign == null) {
      return RedirectReason.NO_CAMPAIGN;
    }
    if (campaign.getStatus() != Status.ACTIVE) {
      return RedirectReason.PAUSED_CAMPAIGN;
    }
    return RedirectReason.OK;
  }
}
