package io.tracker.clicks;

/** Names of click-streams' state stores, defined once for its topologies and queries alike. */
final class ClickStores {
  private ClickStores() {}

  /** Hourly report buckets of click-streams: report dimensions -> counts, one window per hour. */
  static final String CLICK_REPORT = "click-report-hourly";

  /** Hourly sub id buckets of click-streams: one of s2..s5 and the report dimensions -> counts. */
  static final String SUB_ID_REPORT = "click-report-subid-hourly";

  /** How many sub id buckets each slot, affiliate and offer used in an hour: keeps {@link #SUB_ID_REPORT} bounded. */
  static final String SUB_ID_ROWS = "click-report-subid-rows";

  /**
   * Processed clicks by click id at click time: a click id already there is one the edge sent again (dropped);
   * GET /api/clicks/{id}; the click of a conversion credit.
   */
  static final String PROCESSED_CLICKS = "clicks-processed-by-id";

  /** Requests of a visitor (affiliate, creative, sub ids) at click time: a double tap is a duplicate. */
  static final String DOUBLE_TAPS = "click-requests";

  /** Clicks of a visitor identity on an offer at click time: what makes a click unique or a repeat. */
  static final String OFFER_VISITS = "click-offer-visits";

  /** Clicks per IP per second: the click-rate limit. */
  static final String IP_SECONDS = "click-ip-seconds";

  /** Attributed conversion ids already added to the report, at conversion time. */
  static final String SEEN_CONVERSION_IDS = "report-conversion-ids-seen";
}
