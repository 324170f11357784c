package io.tracker.schemas;

/** Names of the Streams apps' state stores, defined once for topologies and queries alike. */
public final class Stores {
  private Stores() {}

  /** Hourly report buckets of click-streams: report dimensions -> counts, one window per hour. */
  public static final String CLICK_REPORT = "click-report-hourly";

  /** Hourly sub id buckets of click-streams: one of s2..s5 and the report dimensions -> counts. */
  public static final String SUB_ID_REPORT = "click-report-subid-hourly";

  /** How many sub id buckets each slot, affiliate and offer used in an hour: keeps {@link #SUB_ID_REPORT} bounded. */
  public static final String SUB_ID_ROWS = "click-report-subid-rows";

  /**
   * Processed clicks by click id at click time: a click id already there is one the edge sent again (dropped);
   * GET /api/clicks/{id}; the click of a conversion credit.
   */
  public static final String PROCESSED_CLICKS = "clicks-processed-by-id";

  /** Attributed conversion ids already added to the report, at conversion time. */
  public static final String SEEN_CONVERSION_IDS = "report-conversion-ids-seen";

  /** Attribution: each visitor's clicks on each offer by click time, kept for the longest cookie window + grace. */
  public static final String ATTRIBUTION_TOUCHES = "attribution-touches";

  /** Attribution: the first conversion of each transaction id on an offer, by its time. */
  public static final String ATTRIBUTION_TRANSACTIONS = "attribution-transactions";

  /** Attribution: conversions waiting (at most the grace) for a click that has not arrived yet. */
  public static final String ATTRIBUTION_HELD = "attribution-held-conversions";

  /** Attribution: every decided conversion under its offer id, by conversion time; the conversions report. */
  public static final String ATTRIBUTION_DECISIONS = "attribution-decisions";
}
