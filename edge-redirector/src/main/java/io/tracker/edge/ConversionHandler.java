package io.tracker.edge;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Event;
import io.tracker.catalog.Offer;
import io.tracker.events.ClickIdSource;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionKind;
import io.tracker.platform.Catalog;
import io.tracker.platform.Http;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /p.ashx?o=[&e=][&r=][&t=][&p=][&f=img|js|iframe|pb][&k=]}: a conversion. Pixels (img, js, iframe)
 * find the click through {@code r} or the offer's click cookie; a server-to-server postback ({@code f=pb}) must
 * name the click in {@code r} and carry the advertiser's key in {@code k}. Every accepted conversion goes to
 * Kafka, with no click id when none was found (it is then reported as unattributed, never dropped).
 */
record ConversionHandler(Supplier<Catalog> catalog, EventPublisher publisher, Cookies cookies, RequestOrigin origin,
    MeterRegistry registry, GeoLookup geo, Clock clock) implements HttpHandler {
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ConversionParameters.Parsed parsed = ConversionParameters.parse(exchange.getQueryParameters());
    boolean postback = parsed.format() == ConversionParameters.Format.PB;
    if (parsed.error() != null) {
      reject(exchange, postback, 400, "bad_parameters", parsed.error());
      return;
    }
    ConversionParameters p = parsed.parameters();
    Offer offer = catalog.get().offer(p.offerId());
    if (offer == null) {
      reject(exchange, postback, 400, "unknown_offer", "unknown offer " + p.offerId());
      return;
    }
    Event event = catalog.get().eventOf(p.offerId(), p.eventName());
    if (postback && p.eventName() != null && event == null) {
      rejectPostback(exchange, 400, "unknown_event", "e: offer " + p.offerId() + " has no event " + p.eventName());
      return;
    }
    String clickId = p.clickId();
    ClickIdSource source = ClickIdSource.PARAMETER;
    if (postback) {
      Advertiser advertiser = catalog.get().advertiser(offer.getAdvertiserId());
      if (p.postbackKey() == null) {
        rejectPostback(exchange, 401, "missing_key", "missing postback key k");
        return;
      }
      if (advertiser == null || !sameKey(advertiser.getPostbackKey(), p.postbackKey())) {
        rejectPostback(exchange, 403, "wrong_key", "wrong postback key for offer " + p.offerId());
        return;
      }
      if (!advertiser.getPostbackIps().isEmpty() && !advertiser.getPostbackIps().contains(origin.clientIp(exchange))) {
        rejectPostback(exchange, 403, "address_not_allowed", "postbacks for offer " + p.offerId()
            + " are not taken from " + origin.clientIp(exchange));
        return;
      }
      if (clickId == null) {
        rejectPostback(exchange, 400, "missing_click_id", "missing click id r");
        return;
      }
    } else if (clickId == null) {
      clickId = cookies.click(exchange, p.offerId());
      source = clickId == null ? ClickIdSource.NONE : ClickIdSource.COOKIE;
    }

    long now = clock.millis();
    ClickId.Parts click = clickId == null ? null : ClickId.parse(clickId).orElseThrow();
    String visitorId = click != null ? click.visitorId() : visitorWithoutClick(exchange, now);
    boolean test = click != null && click.test();
    Conversion conversion = new Conversion();
    conversion.setConversionId(ClickId.create(now, visitorId, test));
    conversion.setVisitorId(visitorId);
    conversion.setTime(Instant.ofEpochMilli(now));
    conversion.setKind(kindOf(p.format()));
    conversion.setOfferId(p.offerId());
    conversion.setAdvertiserId(offer.getAdvertiserId());
    conversion.setClickId(clickId);
    conversion.setClickIdSource(source);
    // a pixel's unknown e is recorded as the offer's default event: the pixel has already fired, nothing is lost
    conversion.setEventName(event == null ? null : event.getCode());
    conversion.setTransactionId(p.transactionId());
    long listedRevenue = event == null ? offer.getRevenueMicros() : event.getRevenueMicros();
    conversion.setRevenueMicros(p.amountMicros() != null ? p.amountMicros() : listedRevenue);
    conversion.setPayoutMicros(event == null ? null : event.getPayoutMicros());
    conversion.setCampaignPayouts(event == null ? Map.of() : campaignPayouts(offer.getId(), event.getCode()));
    conversion.setPending(offer.getConversionApproval() == ConversionApproval.MANUAL);
    conversion.setAmountGiven(p.amountMicros() != null);
    conversion.setTest(test);
    String clientIp = origin.clientIp(exchange);
    conversion.setIp(origin.stored(clientIp));
    // a pixel comes from the consumer's browser; a postback from the advertiser's server, whose country says nothing
    conversion.setCountry(postback ? null : geo.country(clientIp));
    conversion.setUserAgent(ClickRecorder.header(exchange, Headers.USER_AGENT));
    publisher.publish(conversion);

    switch (p.format()) {
      case PB -> {
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("status", "accepted");
        accepted.put("conversionId", conversion.getConversionId());
        accepted.put("clickId", clickId);
        Http.sendJson(exchange, 200, accepted);
      }
      case JS -> Answers.emptyScript(exchange);
      case IFRAME -> Answers.emptyPage(exchange);
      case IMG -> Answers.gif(exchange);
    }
  }

  /** The campaigns of the offer that pay their own amount for this event, by campaign id. */
  private Map<String, Long> campaignPayouts(long offerId, String code) {
    Map<String, Long> payouts = new LinkedHashMap<>();
    for (Campaign campaign : catalog.get().campaigns().values()) {
      if (campaign.getOfferId() == offerId) {
        campaign.getEventPayouts().forEach((event, payout) -> {
          if (event.equalsIgnoreCase(code)) {
            payouts.put(Long.toString(campaign.getId()), payout);
          }
        });
      }
    }
    return payouts;
  }

  private String visitorWithoutClick(HttpServerExchange exchange, long now) {
    String visitor = cookies.visitor(exchange);
    return visitor != null ? visitor : VisitorId.mint(now);
  }

  private static ConversionKind kindOf(ConversionParameters.Format format) {
    return switch (format) {
      case IMG -> ConversionKind.PIXEL_IMAGE;
      case JS -> ConversionKind.PIXEL_JS;
      case IFRAME -> ConversionKind.PIXEL_IFRAME;
      case PB -> ConversionKind.POSTBACK;
    };
  }

  private static boolean sameKey(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private void rejectPostback(HttpServerExchange exchange, int status, String cause, String reason) {
    reject(exchange, true, status, cause, reason);
  }

  /**
   * A postback gets JSON it can log; a pixel a short plain-text reason. Never counted as a conversion;
   * counted in {@code edge_conversions_rejected_total{kind,cause}} so that forged or broken ones show.
   */
  private void reject(HttpServerExchange exchange, boolean postback, int status, String cause, String reason) {
    registry.counter("edge.conversions.rejected", "kind", postback ? "postback" : "pixel", "cause", cause).increment();
    if (postback) {
      Map<String, Object> rejected = new LinkedHashMap<>();
      rejected.put("status", "rejected");
      rejected.put("reason", reason);
      Http.sendJson(exchange, status, rejected);
    } else {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      Http.sendText(exchange, status, "text/plain; charset=utf-8", "Bad conversion pixel: " + reason + "\n");
    }
  }
}
