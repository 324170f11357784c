package io.tracker.edge;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.Click;
import io.tracker.events.ClickKind;
import io.tracker.events.RedirectReason;
import io.tracker.platform.Catalog;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Records one click, whatever brought it (tracking link or click pixel): resolves the link against the
 * catalog, picks the visitor, makes the click id, sets the cookies and hands the event to Kafka. Runs on the
 * IO thread: map reads, a few small objects, one non-blocking send.
 */
record ClickRecorder(Supplier<Catalog> catalog, EventPublisher publisher, Cookies cookies, RequestOrigin origin,
    GeoLookup geo, TrafficControl traffic, Clock clock) {
  static final int MAX_HEADER_VALUE = 512;

  /** Records the click; returns the URL to send the consumer to (tokens filled), or null for "not found". */
  String record(HttpServerExchange exchange, LinkParameters link, ClickKind kind) {
    long now = clock.millis();
    // the country of the full address, before it is truncated or hashed for keeping
    String clientIp = origin.clientIp(exchange);
    String country = geo.country(clientIp);
    String userAgent = header(exchange, Headers.USER_AGENT);
    TrafficControl.Visitor visitor = new TrafficControl.Visitor(country, userAgent,
        exchange.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE), link.test(), now);
    LinkResolver.Resolution resolution = LinkResolver.resolve(catalog.get(), link.affiliateId(), link.creativeId(),
        traffic, visitor);
    String knownVisitor = knownVisitorOf(exchange, link);
    String visitorId = knownVisitor != null ? knownVisitor : VisitorId.mint(now);
    String clickId = ClickId.create(now, visitorId, link.test());
    Long offerId = resolution.offer() == null ? null : resolution.offer().getId();
    Long campaignId = resolution.campaign() == null ? null : resolution.campaign().getId();

    boolean secure = origin.isSecure(exchange);
    cookies.setVisitor(exchange, visitorId, secure);
    if (resolution.reason() == RedirectReason.OK) {
      setClickCookie(exchange, offerId, clickId, resolution.clickCookieDays(), resolution.attributionModel(), now,
          secure);
    }

    String location = resolution.url() == null ? null : LandingUrl.of(resolution.url()).fill(token -> switch (token) {
      case AFFILIATE_ID -> Long.toString(link.affiliateId());
      case CREATIVE_ID -> Long.toString(link.creativeId());
      case OFFER_ID -> offerId == null ? null : offerId.toString();
      case CAMPAIGN_ID -> campaignId == null ? null : campaignId.toString();
      case S1 -> link.s1();
      case S2 -> link.s2();
      case S3 -> link.s3();
      case S4 -> link.s4();
      case S5 -> link.s5();
      case CLICK_ID -> clickId;
      case UDID -> link.udid();
    });

    Click click = new Click();
    click.setClickId(clickId);
    click.setVisitorId(visitorId);
    click.setTime(Instant.ofEpochMilli(now));
    click.setKind(kind);
    click.setAffiliateId(link.affiliateId());
    click.setCreativeId(link.creativeId());
    click.setOfferId(offerId);
    click.setCampaignId(campaignId);
    click.setAdvertiserId(resolution.offer() == null ? null : resolution.offer().getAdvertiserId());
    click.setS1(link.s1());
    click.setS2(link.s2());
    click.setS3(link.s3());
    click.setS4(link.s4());
    click.setS5(link.s5());
    click.setUdid(link.udid());
    click.setTest(link.test());
    click.setIp(origin.stored(clientIp));
    click.setUserAgent(userAgent);
    click.setReferer(header(exchange, Headers.REFERER));
    click.setReason(resolution.reason());
    click.setTarget(resolution.target());
    click.setRedirectUrl(location);
    click.setClickCookieDays(resolution.clickCookieDays());
    click.setAttributionModel(resolution.attributionModel());
    click.setPayoutMicros(resolution.payoutMicros());
    click.setRevenueMicros(resolution.offer() == null || resolution.reason() != RedirectReason.OK
        ? 0 : resolution.offer().getRevenueMicros());
    click.setCountry(country);
    click.setClickCaps(resolution.clickCaps());
    click.setReasonDetail(resolution.detail());
    click.setNewVisitor(knownVisitor == null);
    publisher.publish(click);
    return location;
  }

  /** The visitor cookie when it is one of ours, else the device id, else null: a new visitor. */
  private String knownVisitorOf(HttpServerExchange exchange, LinkParameters link) {
    String fromCookie = cookies.visitor(exchange);
    if (fromCookie != null) {
      return fromCookie;
    }
    return link.udid() != null ? VisitorId.fromIdentity("udid:" + link.udid()) : null;
  }

  /**
   * The per-offer click cookie that lets a conversion pixel find the click. First touch keeps a valid
   * earlier click of the visitor on this offer; every other model credits the newest, so it overwrites.
   */
  private void setClickCookie(HttpServerExchange exchange, long offerId, String clickId, int cookieDays,
      AttributionModel model, long now, boolean secure) {
    if (model == AttributionModel.FIRST_TOUCH) {
      String earlier = cookies.click(exchange, offerId);
      if (earlier != null && ClickId.parse(earlier).get().timeMillis() + cookieDays * 86_400_000L > now) {
        return;
      }
    }
    cookies.setClick(exchange, offerId, clickId, cookieDays * 86_400, secure);
  }

  static String header(HttpServerExchange exchange, HttpString name) {
    HeaderValues values = exchange.getRequestHeaders().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.getFirst();
    return value.length() > MAX_HEADER_VALUE ? value.substring(0, MAX_HEADER_VALUE) : value;
  }
}
