package io.tracker.edge;

import io.tracker.catalog.Campaign;
import io.tracker.catalog.Cap;
import io.tracker.catalog.CapScope;
import io.tracker.catalog.CapType;
import io.tracker.catalog.DeviceClass;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Targeting;
import io.tracker.events.RedirectReason;
import io.tracker.platform.caps.CapKey;
import io.tracker.platform.caps.CapPeriods;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * Whether a click that may land on its offer's page does: the targeting (the campaign's, else the offer's) and the
 * caps of offer and campaign, whose use click-streams counts and publishes (the edge counts nothing). A test click
 * bypasses both. Only offers with targeting or caps cost more than two list checks.
 */
record TrafficControl(ToLongFunction<CapKey> used, CapPeriods periods, DeviceClassifier devices) {
  /** How the click was let through, or why not; clickCaps marks the click caps it counts toward. */
  record Decision(RedirectReason reason, String detail, int clickCaps) {
    static final Decision PASS = new Decision(RedirectReason.OK, null, 0);
  }

  /** What a click brings that targeting looks at. */
  record Visitor(String country, String userAgent, String acceptLanguage, boolean test, long now) {}

  /** A language range's weight of zero: the visitor refuses that language. */
  private static final Pattern REFUSED = Pattern.compile(";q=0(\\.0*)?");

  static final TrafficControl NONE = new TrafficControl(key -> 0, CapPeriods.UTC, new DeviceClassifier());

  Decision decide(Offer offer, Campaign campaign, Visitor visitor) {
    if (visitor.test()) {
      return Decision.PASS;
    }
    Targeting targeting = campaign.getTargeting() != null ? campaign.getTargeting() : offer.getTargeting();
    if (targeting != null) {
      String failed = failedRule(targeting, visitor);
      if (failed != null) {
        return new Decision(RedirectReason.TARGETING_MISMATCH, failed, 0);
      }
    }
    int clickCaps = 0;
    for (Cap cap : offer.getCaps()) {
      String reached = reached(cap, CapScope.OFFER, offer.getId(), visitor.now());
      if (reached != null) {
        return new Decision(RedirectReason.OFFER_CAP_REACHED, reached, 0);
      }
      clickCaps |= cap.getType() == CapType.CLICKS ? 1 << cap.getInterval().ordinal() : 0;
    }
    for (Cap cap : campaign.getCaps()) {
      String reached = reached(cap, CapScope.CAMPAIGN, campaign.getId(), visitor.now());
      if (reached != null) {
        return new Decision(RedirectReason.CAMPAIGN_CAP_REACHED, reached, 0);
      }
      clickCaps |= cap.getType() == CapType.CLICKS ? 1 << (4 + cap.getInterval().ordinal()) : 0;
    }
    return clickCaps == 0 ? Decision.PASS : new Decision(RedirectReason.OK, null, clickCaps);
  }

  private String reached(Cap cap, CapScope scope, long id, long now) {
    CapKey key = new CapKey(scope, id, cap.getType(), cap.getInterval(), periods.start(cap.getInterval(), now));
    long count = used.applyAsLong(key);
    if (count < cap.getLimit()) {
      return null;
    }
    return scope.name().toLowerCase(Locale.ROOT) + " " + id + " " + cap.getInterval().name().toLowerCase(Locale.ROOT)
        + " " + cap.getType().name().toLowerCase(Locale.ROOT) + " cap: " + count + " of " + cap.getLimit();
  }

  /** The first rule the visitor fails, as the click's reasonDetail says it; null when every rule holds. */
  private String failedRule(Targeting targeting, Visitor visitor) {
    String country = visitor.country();
    if (!targeting.getCountries().isEmpty() && (country == null || !targeting.getCountries().contains(country))) {
      return "country " + (country == null ? "unknown" : country) + " not in " + targeting.getCountries();
    }
    if (country != null && targeting.getExcludeCountries().contains(country)) {
      return "country " + country + " excluded";
    }
    if (!targeting.getDevices().isEmpty()) {
      DeviceClass device = devices.classify(visitor.userAgent());
      if (!targeting.getDevices().contains(device)) {
        return "device " + device + " not in " + targeting.getDevices();
      }
    }
    if (!targeting.getLanguages().isEmpty() && !speaksAny(visitor.acceptLanguage(), targeting.getLanguages())) {
      return "language " + (visitor.acceptLanguage() == null ? "unknown" : "'" + visitor.acceptLanguage() + "'")
          + " not in " + targeting.getLanguages();
    }
    return null;
  }

  /** True when a language range of Accept-Language (q > 0) has one of the languages as its primary tag. */
  static boolean speaksAny(String acceptLanguage, List<String> languages) {
    if (acceptLanguage == null) {
      return false;
    }
    for (String range : acceptLanguage.split(",")) {
      int semicolon = range.indexOf(';');
      String tag = (semicolon < 0 ? range : range.substring(0, semicolon)).strip();
      if (semicolon >= 0 && REFUSED.matcher(range.substring(semicolon).replace(" ", "")).matches()) {
        continue;
      }
      int dash = tag.indexOf('-');
      String primary = (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
      if (languages.contains(primary)) {
        return true;
      }
    }
    return false;
  }
}
