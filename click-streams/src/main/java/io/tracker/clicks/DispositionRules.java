package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.VisitorIdentity;
import io.tracker.platform.ConfigCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the click disposition rules (see reference.conf): unique window and visitor identity per
 * offer, double-tap window, per-IP click limit, and how late a click may arrive and still be judged in full.
 */
public record DispositionRules(Duration lateArrivalLimit, Duration uniqueWindow, Duration maxUniqueWindow,
    VisitorIdentity visitorIdentity, Map<Long, VisitorIdentity> visitorIdentityByOffer, Duration doubleTapWindow,
    int ipClickLimit, Duration ipRateWindow) {

  /** A uniqueWindow of 0 means: each click's own click cookie days. */
  static final Duration COOKIE_DAYS = Duration.ZERO;

  public DispositionRules {
    visitorIdentityByOffer = Map.copyOf(visitorIdentityByOffer);
  }

  /** Who the same visitor is on this offer. */
  VisitorIdentity identityFor(long offerId) {
    return visitorIdentityByOffer.getOrDefault(offerId, visitorIdentity);
  }

  /** How far back visits are kept: the longest unique window, for a click as late as lateArrivalLimit. */
  Duration visitHorizon() {
    return maxUniqueWindow.plus(lateArrivalLimit);
  }

  /** How long after a click of the same visitor on the same offer a click is a repeat. */
  Duration uniqueWindowOf(Click click) {
    Duration window = uniqueWindow.equals(COOKIE_DAYS) ? Duration.ofDays(click.getClickCookieDays()) : uniqueWindow;
    return window.compareTo(maxUniqueWindow) > 0 ? maxUniqueWindow : window;
  }

  static DispositionRules load(ConfigCheck dispositions, Duration lateArrivalLimit) {
    DispositionRules rules = new DispositionRules(
        lateArrivalLimit,
        dispositions.duration("uniqueWindow"),
        dispositions.duration("maxUniqueWindow"),
        identity(dispositions, "visitorIdentity", dispositions.string("visitorIdentity")).orElse(VisitorIdentity.VISITOR),
        identityByOffer(dispositions, dispositions.string("visitorIdentityByOffer")),
        dispositions.duration("doubleTapWindow"),
        dispositions.intBetween("ipClickLimit", 1, 1_000_000),
        dispositions.duration("ipRateWindow"));
    dispositions.require(!rules.maxUniqueWindow.isNegative() && !rules.maxUniqueWindow.isZero(),
        "maxUniqueWindow must be positive");
    dispositions.require(!rules.uniqueWindow.isNegative() && rules.uniqueWindow.compareTo(rules.maxUniqueWindow) <= 0,
        "uniqueWindow must lie between 0 (the click cookie days) and maxUniqueWindow");
    // the windows below are judged on state kept for lateArrivalLimit
    dispositions.require(rules.doubleTapWindow.toMillis() > 0 && rules.doubleTapWindow.compareTo(lateArrivalLimit) <= 0,
        "doubleTapWindow must be positive and at most lateArrivalLimit");
    dispositions.require(rules.ipRateWindow.toMillis() % IpClickRates.SECOND_MILLIS == 0
            && rules.ipRateWindow.toMillis() > 0 && rules.ipRateWindow.compareTo(lateArrivalLimit) <= 0,
        "ipRateWindow must be whole seconds, positive and at most lateArrivalLimit");
    return rules;
  }

  /** Reads "offerId=MODE,offerId=MODE"; each bad entry is an error of its own. */
  private static Map<Long, VisitorIdentity> identityByOffer(ConfigCheck dispositions, String entries) {
    Map<Long, VisitorIdentity> byOffer = new HashMap<>();
    for (String entry : entries.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", 2);
      Optional<Long> offerId = parts.length == 2 ? offerId(parts[0].trim()) : Optional.empty();
      dispositions.require(offerId.isPresent(), "visitorIdentityByOffer: '" + entry.trim() + "' is not offerId=MODE");
      offerId.ifPresent(id -> identity(dispositions, "visitorIdentityByOffer", parts[1])
          .ifPresent(identity -> byOffer.put(id, identity)));
    }
    return byOffer;
  }

  private static Optional<VisitorIdentity> identity(ConfigCheck dispositions, String key, String name) {
    String wanted = name.trim().toUpperCase(Locale.ROOT);
    Optional<VisitorIdentity> identity = Arrays.stream(VisitorIdentity.values())
        .filter(mode -> mode.name().equals(wanted)).findFirst();
    dispositions.require(identity.isPresent(),
        key + ": '" + name.trim() + "' is not one of " + Arrays.toString(VisitorIdentity.values()));
    return identity;
  }

  private static Optional<Long> offerId(String value) {
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
