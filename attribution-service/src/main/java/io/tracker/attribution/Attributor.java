package io.tracker.attribution;

import io.tracker.attribution.state.DecidedConversion;
import io.tracker.attribution.state.Touch;
import io.tracker.catalog.AttributionModel;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.events.ExcludedClick;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import io.tracker.events.RedirectReason;
import io.tracker.schemas.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Decides one conversion from its visitor's clicks on its offer. A click is eligible when it was not a bot or a
 * duplicate, sent the visitor to the offer, and lies within its own click cookie days (as the edge resolved them
 * at click time) before the conversion. The model is the one the latest eligible click was bought under; it
 * weighs the eligible clicks, and revenue and payout are split by those weights to the exact micro-unit.
 * Pure: the same conversion and clicks always give the same decision.
 */
final class Attributor {
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
  private static final Comparator<Touch> OLDEST_FIRST =
      Comparator.comparing(Touch::getTime).thenComparing(Touch::getClickId);

  private final Duration longestCookieWindow;
  private final Duration timeDecayHalfLife;

  Attributor(Duration longestCookieWindow, Duration timeDecayHalfLife) {
    this.longestCookieWindow = longestCookieWindow;
    this.timeDecayHalfLife = timeDecayHalfLife;
  }

  static Attributor of(AttributionConfig config) {
    return new Attributor(config.longestCookieWindow(), config.timeDecayHalfLife());
  }

  /** How far before a conversion its clicks can lie. */
  Duration lookBack() {
    return longestCookieWindow;
  }

  /**
   * What attribution keeps of a judged click: what weighs it and credits it, the report dimensions a credit on it
   * counts under, and the reason it can never be credited, if there is one.
   */
  static Touch touchOf(JudgedClick click) {
    // the constructor, not the builder: this runs for every click
    return new Touch(click.getClickId(), Instant.ofEpochMilli(click.getTime()), click.getAffiliateId(),
        click.getCampaignId(), click.getCreativeId(), click.getS1(), click.getClickCookieDays(),
        click.getAttributionModel(), click.getPayoutMicros(),
        ineligibility(click.getDisposition(), click.getRedirectReason(), () -> Reasons.sentences(click.getReasons(),
            click.getOfferId())),
        click.getS2(), click.getS3(), click.getS4(), click.getS5(), click.getDeviceClass(), click.getBrowser(),
        click.getOs(), click.getCountry());
  }

  /** The same of a processed click as versions before judged clicks wrote them (reasons as sentences). */
  static Touch touchOf(ProcessedClick processed) {
    Click click = processed.getClick();
    return new Touch(click.getClickId(), click.getTime(), click.getAffiliateId(),
        click.getCampaignId() == null ? 0 : click.getCampaignId(), click.getCreativeId(), click.getS1(),
        click.getClickCookieDays(), click.getAttributionModel(), click.getPayoutMicros(),
        ineligibility(processed.getDisposition(), click.getReason(), processed::getReasons), click.getS2(),
        click.getS3(), click.getS4(), click.getS5(), processed.getDeviceClass(), processed.getBrowser(),
        processed.getOs(), click.getCountry());
  }

  private static String ineligibility(Disposition disposition, RedirectReason redirect,
      Supplier<List<String>> reasons) {
    return switch (disposition) {
      case BOT -> "bot" + because(reasons.get());
      case DUPLICATE -> "duplicate click" + because(reasons.get());
      case UNIQUE, REPEAT -> redirect == RedirectReason.OK ? null : "not sent to the offer (" + redirect + ")";
    };
  }

  private static String because(List<String> reasons) {
    return reasons.isEmpty() ? "" : ": " + String.join("; ", reasons);
  }

  /** A conversion whose transaction id was already counted: recorded, never credited. */
  static DecidedConversion repeated(Conversion conversion, String note) {
    return new DecidedConversion(AttributedConversion.newBuilder().setConversion(conversion)
        .setStatus(AttributionStatus.DUPLICATE).setNote(note).build(), List.of());
  }

  /** The decision over the visitor's clicks on the offer up to the conversion (any order, any eligibility). */
  DecidedConversion decide(Conversion conversion, List<Touch> history) {
    long time = conversion.getTime().toEpochMilli();
    List<Touch> touches = history.stream().sorted(OLDEST_FIRST).toList();
    List<String> reasons = touches.stream().map(touch -> whyNotEligible(touch, time)).toList();
    List<Touch> eligible = new ArrayList<>();
    for (int i = 0; i < touches.size(); i++) {
      if (reasons.get(i) == null) {
        eligible.add(touches.get(i));
      }
    }
    AttributedConversion.Builder decision = AttributedConversion.newBuilder().setConversion(conversion)
        .setConversionStatus(conversion.getPending() ? ConversionStatus.PENDING : ConversionStatus.APPROVED);
    if (eligible.isEmpty()) {
      decision.setStatus(AttributionStatus.UNATTRIBUTED).setNote(unattributedNote(conversion, touches))
          .setExcluded(excluded(touches, reasons, Set.of(), null));
      return new DecidedConversion(decision.build(), List.of());
    }
    AttributionModel model = eligible.get(eligible.size() - 1).getAttributionModel();
    List<Credit> credits = credit(conversion, eligible, model);
    Set<String> credited = credits.stream().map(Credit::getClickId).collect(Collectors.toSet());
    decision.setStatus(AttributionStatus.ATTRIBUTED).setModel(model).setCredits(credits)
        .setExcluded(excluded(touches, reasons, credited, model));
    return new DecidedConversion(decision.build(), eligible);
  }

  /**
   * The credits of a conversion under a model, over its eligible clicks (oldest first); a click the model gives
   * nothing is left out. Revenue is the conversion's; each click's payout is its own times its weight.
   */
  List<Credit> credit(Conversion conversion, List<Touch> eligible, AttributionModel model) {
    double[] weights = CreditWeights.of(model,
        eligible.stream().mapToLong(touch -> touch.getTime().toEpochMilli()).toArray(), timeDecayHalfLife);
    List<Touch> credited = new ArrayList<>();
    List<Double> creditedWeights = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        credited.add(eligible.get(i));
        creditedWeights.add(weights[i]);
      }
    }
    double[] revenueShares = new double[credited.size()];
    double[] payoutShares = new double[credited.size()];
    double payoutTotal = 0;
    for (int i = 0; i < credited.size(); i++) {
      revenueShares[i] = creditedWeights.get(i) * conversion.getRevenueMicros();
      payoutShares[i] = creditedWeights.get(i) * payoutOf(conversion, credited.get(i));
      payoutTotal += payoutShares[i];
    }
    long[] revenue = MoneySplit.split(conversion.getRevenueMicros(), revenueShares);
    long[] payout = MoneySplit.split(Math.round(payoutTotal), payoutShares);
    List<Credit> credits = new ArrayList<>();
    for (int i = 0; i < credited.size(); i++) {
      Touch touch = credited.get(i);
      credits.add(new Credit(touch.getClickId(), touch.getTime(), touch.getAffiliateId(), conversion.getOfferId(),
          touch.getCampaignId(), touch.getCreativeId(), touch.getS1(), creditedWeights.get(i), revenue[i], payout[i],
          touch.getS2(), touch.getS3(), touch.getS4(), touch.getS5(), touch.getDeviceClass(), touch.getBrowser(),
          touch.getOs(), touch.getCountry()));
    }
    return credits;
  }

  /** What a click's credit pays in full: the event's payout (its campaign's own, if set), else the click's. */
  private static long payoutOf(Conversion conversion, Touch touch) {
    if (conversion.getPayoutMicros() == null) {
      return touch.getPayoutMicros();
    }
    Long campaigns = conversion.getCampaignPayouts().get(Long.toString(touch.getCampaignId()));
    return campaigns != null ? campaigns : conversion.getPayoutMicros();
  }

  private String whyNotEligible(Touch touch, long conversionTime) {
    if (touch.getIneligible() != null) {
      return touch.getIneligible();
    }
    long cookie = touch.getClickCookieDays() * DAY_MILLIS;
    long window = Math.min(cookie, longestCookieWindow.toMillis());
    if (conversionTime - touch.getTime().toEpochMilli() < window) {
      return null;
    }
    return window == cookie
        ? "outside its " + touch.getClickCookieDays() + "-day click cookie window: clicked at " + touch.getTime()
        : "outside the longest cookie window kept (" + longestCookieWindow.toDays() + " days): clicked at "
            + touch.getTime();
  }

  /** Every click that gets nothing, in click order: why it is not eligible, or that the model passed it over. */
  private static List<ExcludedClick> excluded(List<Touch> touches, List<String> reasons, Set<String> credited,
      AttributionModel model) {
    List<ExcludedClick> excluded = new ArrayList<>();
    for (int i = 0; i < touches.size(); i++) {
      String clickId = touches.get(i).getClickId();
      if (reasons.get(i) != null) {
        excluded.add(new ExcludedClick(clickId, reasons.get(i)));
      } else if (!credited.contains(clickId)) {
        excluded.add(new ExcludedClick(clickId, "not credited under " + model + switch (model) {
          case FIRST_TOUCH -> ": an earlier eligible click takes the conversion";
          case LAST_TOUCH -> ": a later eligible click takes the conversion";
          default -> ": its weight is too small to count";
        }));
      }
    }
    return excluded;
  }

  private String unattributedNote(Conversion conversion, List<Touch> touches) {
    String note = touches.isEmpty()
        ? "no click of visitor " + conversion.getVisitorId() + " on offer " + conversion.getOfferId() + " in the "
            + longestCookieWindow.toDays() + " days before the conversion"
        : "none of the visitor's " + touches.size() + " clicks on offer " + conversion.getOfferId()
            + " is eligible (see excluded)";
    String named = conversion.getClickId();
    if (named != null && touches.stream().noneMatch(touch -> touch.getClickId().equals(named))) {
      note += "; the click it names, " + named + ", is not one of them";
    }
    return note;
  }
}
