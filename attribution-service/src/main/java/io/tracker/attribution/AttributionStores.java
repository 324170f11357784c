package io.tracker.attribution;

/** Names of the attribution app's state stores, defined once for its topology and queries alike. */
final class AttributionStores {
  private AttributionStores() {}

  /** Attribution: each visitor's clicks on each offer by click time, kept for the longest cookie window + grace. */
  static final String ATTRIBUTION_TOUCHES = "attribution-touches";

  /** Attribution: the first conversion of each transaction id on an offer, by its time. */
  static final String ATTRIBUTION_TRANSACTIONS = "attribution-transactions";

  /** Attribution: conversions waiting (at most the grace) for a click that has not arrived yet. */
  static final String ATTRIBUTION_HELD = "attribution-held-conversions";

  /** Attribution: every decided conversion under its offer id, by conversion time; the conversions report. */
  static final String ATTRIBUTION_DECISIONS = "attribution-decisions";

  /** Attribution: each adjusted conversion as it stands now, under its conversion id, by conversion time. */
  static final String ATTRIBUTION_ADJUSTED = "attribution-adjusted-conversions";
}
