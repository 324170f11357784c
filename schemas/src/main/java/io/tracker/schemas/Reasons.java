package io.tracker.schemas;

import io.tracker.events.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences users read for the reasons behind a click's disposition. Click-streams records each reason as a
 * code with its parameters ({@link Reason}); the sentence is rendered where it is shown (the click look-up, the
 * conversions report's excluded clicks), so that no record or store carries text for every click.
 */
public final class Reasons {
  private Reasons() {}

  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  /** The reason as a sentence; offerId is the offer of the click it was found for. */
  public static String sentence(Reason reason, long offerId) {
    return switch (reason.getCode()) {
      case NEW_VISIT -> "no click of " + sameVisitor(reason) + " on offer " + offerId + " within the "
          + window(reason.getWindowMillis()) + " unique window";
      case REPEAT_VISIT -> sameVisitor(reason) + " clicked offer " + offerId + " at "
          + Instant.ofEpochMilli(reason.getClickTime()) + " (click " + reason.getClickId() + "), within the "
          + window(reason.getWindowMillis()) + " unique window";
      case DOUBLE_TAP -> "same request as click " + reason.getClickId() + " at "
          + Instant.ofEpochMilli(reason.getClickTime()) + ", within the " + window(reason.getWindowMillis())
          + " double-tap window";
      case BOT_USER_AGENT -> "bot user agent: " + reason.getText();
      case NO_USER_AGENT -> "no user agent";
      case IP_CLICK_RATE -> reason.getClicks() + " clicks from IP " + reason.getText() + " within "
          + reason.getWindowMillis() / 1000 + " s (limit " + reason.getLimit() + ")";
    };
  }

  public static List<String> sentences(List<Reason> reasons, long offerId) {
    List<String> sentences = new ArrayList<>(reasons.size());
    reasons.forEach(reason -> sentences.add(sentence(reason, offerId)));
    return sentences;
  }

  /** "30 days", "5 s", "1500 ms": a window as the reasons name it. */
  public static String window(long millis) {
    if (millis > 0 && millis % DAY_MILLIS == 0) {
      return millis / DAY_MILLIS + " days";
    }
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static String sameVisitor(Reason reason) {
    return "the same visitor (by " + reason.getIdentity().name().toLowerCase(Locale.ROOT) + ")";
  }
}
