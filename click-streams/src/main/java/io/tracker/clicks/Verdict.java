package io.tracker.clicks;

import io.tracker.events.Disposition;
import io.tracker.events.Reason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules found about one click. The disposition is the first found in {@link #PRECEDENCE}; the reasons
 * list every finding in that order, so that a BOT that also repeats says both.
 */
final class Verdict {
  /** Duplicate beats bot beats repeat beats unique: a double tap is not a second bot click, a bot never a visitor. */
  static final List<Disposition> PRECEDENCE =
      List.of(Disposition.DUPLICATE, Disposition.BOT, Disposition.REPEAT, Disposition.UNIQUE);

  private final Map<Disposition, List<Reason>> findings = new EnumMap<>(Disposition.class);

  void found(Disposition disposition, Reason reason) {
    findings.computeIfAbsent(disposition, d -> new ArrayList<>(1)).add(reason);
  }

  Disposition disposition() {
    for (Disposition disposition : PRECEDENCE) {
      if (findings.containsKey(disposition)) {
        return disposition;
      }
    }
    return Disposition.UNIQUE;
  }

  List<Reason> reasons() {
    List<Reason> reasons = new ArrayList<>(2);
    for (Disposition disposition : PRECEDENCE) {
      reasons.addAll(findings.getOrDefault(disposition, List.of()));
    }
    return reasons;
  }
}
