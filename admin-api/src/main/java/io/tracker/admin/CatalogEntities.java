package io.tracker.admin;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Event;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Postback;
import io.tracker.catalog.Status;
import io.tracker.platform.Catalog;
import io.tracker.platform.postback.PostbackTargets;
import io.tracker.platform.postback.PostbackUrl;
import io.tracker.schemas.CatalogTopic;
import io.tracker.schemas.Money;
import io.tracker.schemas.Topics;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.SortedMap;

/** The JSON bodies of the catalog API and how each maps to its Avro record. Money is decimal in JSON. */
final class CatalogEntities {
  private CatalogEntities() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  /** What the edge takes as e (but spaces): every event can be named on a pixel. */
  private static final Pattern EVENT_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private static Status statusOr(Status status) {
    return status == null ? Status.ACTIVE : status;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static BigDecimal money(Long micros) {
    return micros == null ? null : Money.fromMicros(micros);
  }

  private static Long micros(BigDecimal amount) {
    return amount == null ? null : Money.toMicros(amount);
  }

  // ---- affiliates
  record AffiliateBody(Long id, String name, Status status) {}

  static final EntityKind<Affiliate, AffiliateBody> AFFILIATES = new EntityKind<>() {
    public String path() { return "affiliates"; }
    public CatalogTopic<Affiliate> topic() { return Topics.AFFILIATES; }
    public Class<AffiliateBody> bodyType() { return AffiliateBody.class; }
    public SortedMap<Long, Affiliate> all(Catalog catalog) { return catalog.affiliates(); }

    public void validate(AffiliateBody body, Long id, Catalog catalog, Validation v) {
      v.name("name", body.name());
    }

    public Affiliate toRecord(long id, AffiliateBody body, Affiliate existing) {
      return new Affiliate(id, body.name().strip(), statusOr(body.status()));
    }

    public AffiliateBody toBody(Affiliate a) {
      return new AffiliateBody(a.getId(), a.getName(), a.getStatus());
    }
  };

  // ---- advertisers: the postback key is made here and never taken from a request
  record AdvertiserBody(Long id, String name, String postbackKey, List<String> postbackIps) {}

  static final EntityKind<Advertiser, AdvertiserBody> ADVERTISERS = new EntityKind<>() {
    public String path() { return "advertisers"; }
    public CatalogTopic<Advertiser> topic() { return Topics.ADVERTISERS; }
    public Class<AdvertiserBody> bodyType() { return AdvertiserBody.class; }
    public SortedMap<Long, Advertiser> all(Catalog catalog) { return catalog.advertisers(); }

    public void validate(AdvertiserBody body, Long id, Catalog catalog, Validation v) {
      v.name("name", body.name());
      if (body.postbackIps() != null) {
        for (String ip : body.postbackIps()) {
          v.ipAddress("postbackIps", ip);
        }
      }
    }

    public Advertiser toRecord(long id, AdvertiserBody body, Advertiser existing) {
      String key = existing != null ? existing.getPostbackKey() : HexFormat.of().formatHex(randomBytes(16));
      return new Advertiser(id, body.name().strip(), key, body.postbackIps() == null ? List.of() : body.postbackIps());
    }

    public AdvertiserBody toBody(Advertiser a) {
      return new AdvertiserBody(a.getId(), a.getName(), a.getPostbackKey(), a.getPostbackIps());
    }
  };

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  // ---- offers
  record OfferBody(Long id, Long advertiserId, String name, String landingPageUrl, Integer clickCookieDays,
      AttributionModel attributionModel, BigDecimal payout, BigDecimal revenue, Status status, String redirectUrl,
      ConversionApproval conversionApproval, List<TrafficRules.CapBody> caps, TrafficRules.TargetingBody targeting) {}

  static final EntityKind<Offer, OfferBody> OFFERS = new EntityKind<>() {
    public String path() { return "offers"; }
    public CatalogTopic<Offer> topic() { return Topics.OFFERS; }
    public Class<OfferBody> bodyType() { return OfferBody.class; }
    public SortedMap<Long, Offer> all(Catalog catalog) { return catalog.offers(); }

    public void validate(OfferBody body, Long id, Catalog catalog, Validation v) {
      v.reference("advertiserId", body.advertiserId(),
          body.advertiserId() != null && catalog.advertiser(body.advertiserId()) != null);
      v.name("name", body.name());
      v.url("landingPageUrl", body.landingPageUrl(), true);
      v.url("redirectUrl", blankToNull(body.redirectUrl()), false);
      v.cookieDays("clickCookieDays", body.clickCookieDays());
      v.amount("payout", body.payout());
      v.amount("revenue", body.revenue());
      TrafficRules.validate(body.caps(), body.targeting(), v);
    }

    public Offer toRecord(long id, OfferBody b, Offer existing) {
      return new Offer(id, b.advertiserId(), b.name().strip(), b.landingPageUrl(),
          b.clickCookieDays() == null ? 30 : b.clickCookieDays(),
          b.attributionModel() == null ? AttributionModel.FIRST_TOUCH : b.attributionModel(),
          b.payout() == null ? 0L : Money.toMicros(b.payout()), b.revenue() == null ? 0L : Money.toMicros(b.revenue()),
          statusOr(b.status()), blankToNull(b.redirectUrl()),
          b.conversionApproval() == null ? ConversionApproval.AUTO : b.conversionApproval(), TrafficRules.caps(b.caps()),
          TrafficRules.targeting(b.targeting()));
    }

    public OfferBody toBody(Offer o) {
      return new OfferBody(o.getId(), o.getAdvertiserId(), o.getName(), o.getLandingPageUrl(), o.getClickCookieDays(),
          o.getAttributionModel(), Money.fromMicros(o.getPayoutMicros()), Money.fromMicros(o.getRevenueMicros()),
          o.getStatus(), o.getRedirectUrl(), o.getConversionApproval(), TrafficRules.capBodies(o.getCaps()),
          TrafficRules.targetingBody(o.getTargeting()));
    }
  };

  // ---- campaigns: one per affiliate x offer; optional fields override the offer's
  record CampaignBody(Long id, Long affiliateId, Long offerId, Status status, Integer clickCookieDays,
      AttributionModel attributionModel, BigDecimal payout, Long redirectOfferId, Map<String, BigDecimal> eventPayouts,
      List<TrafficRules.CapBody> caps, TrafficRules.TargetingBody targeting) {}

  static final EntityKind<Campaign, CampaignBody> CAMPAIGNS = new EntityKind<>() {
    public String path() { return "campaigns"; }
    public CatalogTopic<Campaign> topic() { return Topics.CAMPAIGNS; }
    public Class<CampaignBody> bodyType() { return CampaignBody.class; }
    public SortedMap<Long, Campaign> all(Catalog catalog) { return catalog.campaigns(); }

    public void validate(CampaignBody b, Long id, Catalog catalog, Validation v) {
      v.reference("affiliateId", b.affiliateId(), b.affiliateId() != null && catalog.affiliate(b.affiliateId()) != null);
      v.reference("offerId", b.offerId(), b.offerId() != null && catalog.offer(b.offerId()) != null);
      if (b.affiliateId() != null && b.offerId() != null) {
        Campaign other = catalog.campaignFor(b.affiliateId(), b.offerId());
        v.check(other == null || other.getId() == (id == null ? -1 : id), "affiliate " + b.affiliateId()
            + " already has campaign " + (other == null ? "" : other.getId()) + " on offer " + b.offerId());
      }
      if (b.redirectOfferId() != null) {
        v.reference("redirectOfferId", b.redirectOfferId(), catalog.offer(b.redirectOfferId()) != null);
      }
      v.cookieDays("clickCookieDays", b.clickCookieDays());
      v.amount("payout", b.payout());
      if (b.eventPayouts() != null) {
        b.eventPayouts().forEach((code, payout) -> {
          v.check(b.offerId() == null || catalog.eventOf(b.offerId(), code) != null,
              "eventPayouts: offer " + b.offerId() + " has no event " + code);
          v.check(payout != null, "eventPayouts." + code + " is required");
          v.amount("eventPayouts." + code, payout);
        });
      }
      TrafficRules.validate(b.caps(), b.targeting(), v);
    }

    public Campaign toRecord(long id, CampaignBody b, Campaign existing) {
      Map<String, Long> eventPayouts = new LinkedHashMap<>();
      if (b.eventPayouts() != null) {
        b.eventPayouts().forEach((code, payout) -> eventPayouts.put(code.strip(), Money.toMicros(payout)));
      }
      return new Campaign(id, b.affiliateId(), b.offerId(), statusOr(b.status()), b.clickCookieDays(),
          b.attributionModel(), micros(b.payout()), b.redirectOfferId(), eventPayouts, TrafficRules.caps(b.caps()),
          TrafficRules.targeting(b.targeting()));
    }

    public CampaignBody toBody(Campaign c) {
      Map<String, BigDecimal> eventPayouts = new LinkedHashMap<>();
      c.getEventPayouts().forEach((code, micros) -> eventPayouts.put(code, Money.fromMicros(micros)));
      return new CampaignBody(c.getId(), c.getAffiliateId(), c.getOfferId(), c.getStatus(), c.getClickCookieDays(),
          c.getAttributionModel(), money(c.getPayoutMicros()), c.getRedirectOfferId(), eventPayouts,
          TrafficRules.capBodies(c.getCaps()), TrafficRules.targetingBody(c.getTargeting()));
    }
  };

  // ---- creatives
  record CreativeBody(Long id, Long offerId, String name, String landingPageUrl, Status status) {}

  static final EntityKind<Creative, CreativeBody> CREATIVES = new EntityKind<>() {
    public String path() { return "creatives"; }
    public CatalogTopic<Creative> topic() { return Topics.CREATIVES; }
    public Class<CreativeBody> bodyType() { return CreativeBody.class; }
    public SortedMap<Long, Creative> all(Catalog catalog) { return catalog.creatives(); }

    public void validate(CreativeBody b, Long id, Catalog catalog, Validation v) {
      v.reference("offerId", b.offerId(), b.offerId() != null && catalog.offer(b.offerId()) != null);
      v.name("name", b.name());
      v.url("landingPageUrl", blankToNull(b.landingPageUrl()), false);
    }

    public Creative toRecord(long id, CreativeBody b, Creative existing) {
      return new Creative(id, b.offerId(), b.name().strip(), blankToNull(b.landingPageUrl()), statusOr(b.status()));
    }

    public CreativeBody toBody(Creative c) {
      return new CreativeBody(c.getId(), c.getOfferId(), c.getName(), c.getLandingPageUrl(), c.getStatus());
    }
  };

  // ---- postbacks: an affiliate's URL called for each credit of its conversions (for one offer or all, one event or
  // all); the URL's tokens and target are checked when it is saved
  record PostbackBody(Long id, Long affiliateId, Long offerId, String event, String url, Status status,
      String createdAt) {}

  static final int MAX_EVENT = 100;

  static EntityKind<Postback, PostbackBody> postbacks(PostbackTargets targets) {
    return new EntityKind<>() {
      public String path() { return "postbacks"; }
      public CatalogTopic<Postback> topic() { return Topics.POSTBACKS; }
      public Class<PostbackBody> bodyType() { return PostbackBody.class; }
      public SortedMap<Long, Postback> all(Catalog catalog) { return catalog.postbacks(); }
      public Long owner(Postback postback) { return postback.getAffiliateId(); }

      public void validate(PostbackBody b, Long id, Catalog catalog, Validation v) {
        v.reference("affiliateId", b.affiliateId(), b.affiliateId() != null && catalog.affiliate(b.affiliateId()) != null);
        if (b.offerId() != null) {
          v.reference("offerId", b.offerId(), catalog.offer(b.offerId()) != null);
        }
        String event = blankToNull(b.event());
        v.check(event == null || (event.length() <= MAX_EVENT && event.strip().equals(event)),
            "event must be an event code of at most " + MAX_EVENT + " characters, without spaces around it");
        List<String> urlProblems = PostbackUrl.problems("url", b.url());
        urlProblems.forEach(problem -> v.check(false, problem));
        if (urlProblems.isEmpty()) {
          targets.problems("url", b.url()).forEach(problem -> v.check(false, problem));
        }
      }

      public Postback toRecord(long id, PostbackBody b, Postback existing) {
        return new Postback(id, b.affiliateId(), b.offerId(), blankToNull(b.event()), b.url().strip(),
            statusOr(b.status()), existing != null ? existing.getCreatedAt() : Instant.now());
      }

      public PostbackBody toBody(Postback p) {
        return new PostbackBody(p.getId(), p.getAffiliateId(), p.getOfferId(), p.getEvent(), p.getUrl(), p.getStatus(),
            p.getCreatedAt() == null ? null : p.getCreatedAt().toString());
      }
    };
  }

  // ---- events of an offer (lead, sale, ...): what a conversion whose e is the code is credited with
  record EventBody(Long id, Long offerId, String code, String name, BigDecimal payout, BigDecimal revenue) {}

  static final EntityKind<Event, EventBody> EVENTS = new EntityKind<>() {
    public String path() { return "events"; }
    public CatalogTopic<Event> topic() { return Topics.EVENTS; }
    public Class<EventBody> bodyType() { return EventBody.class; }
    public SortedMap<Long, Event> all(Catalog catalog) { return catalog.events(); }

    public void validate(EventBody b, Long id, Catalog catalog, Validation v) {
      v.reference("offerId", b.offerId(), b.offerId() != null && catalog.offer(b.offerId()) != null);
      v.check(b.code() != null && EVENT_CODE.matcher(b.code()).matches(),
          "code is required: up to 64 letters, digits or _ . : - (what the conversion pixel's e carries)");
      if (b.offerId() != null && b.code() != null) {
        Event same = catalog.eventOf(b.offerId(), b.code());
        v.check(same == null || same.getId() == (id == null ? -1 : id),
            "code: offer " + b.offerId() + " already has event " + b.code());
      }
      v.name("name", b.name());
      v.amount("payout", b.payout());
      v.amount("revenue", b.revenue());
    }

    public Event toRecord(long id, EventBody b, Event existing) {
      return new Event(id, b.offerId(), b.code(), b.name().strip(), b.payout() == null ? 0L : Money.toMicros(b.payout()),
          b.revenue() == null ? 0L : Money.toMicros(b.revenue()));
    }

    public EventBody toBody(Event e) {
      return new EventBody(e.getId(), e.getOfferId(), e.getCode(), e.getName(), Money.fromMicros(e.getPayoutMicros()),
          Money.fromMicros(e.getRevenueMicros()));
    }
  };

}
