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
   * The overflow rows of the sub id report: the values that came after an hour's rows were used up ({@link
   * ReportBuckets}). Kept apart from the rows of values (in {@link #SUB_ID_REPORT}, which holds the overflow rows
   * that earlier versions wrote) because many clicks add to few of them.
   */
  static final String SUB_ID_OTHER_REPORT = "click-report-subid-other-hourly";

  /**
   * The report rows of each task in memory, written to their stores at commits ({@link ReportRowCache}): no
   * changelog.
   */
  static final String REPORT_ROW_CACHE = "click-report-row-cache";

  /** Attributed conversion ids already added to the report, at conversion time. */
  static final String SEEN_CONVERSION_IDS = "report-conversion-ids-seen";

  /** Each visitor's recent clicks ({@link VisitorHistory}): re-sent clicks, double taps, visits by cookie. */
  static final String VISITORS = "click-visitors";

  /** Writes the visitors' records changed since the last commit at each commit ({@link VisitorRecords}). */
  static final String VISITORS_AT_COMMIT = "click-visitors-at-commit";

  /** Visits by IP + user agent or by device id ({@link IdentityVisits}), for the offers that count so. */
  static final String IDENTITY_VISITS = "click-identity-visits";

  /**
   * Clicks per IP per second, one record per window for each IP that clicked more than once in it ({@link
   * IpClickRates}).
   */
  static final String IP_RATES = "click-ip-rates";

  /** The first click of each IP in each window, a few records per window and commit ({@link IpClickRates}). */
  static final String IP_FIRST_CLICKS = "click-ip-first-clicks";

  /** Journals the first clicks of IPs at each commit ({@link CommitHook}): no changelog. */
  static final String IP_FIRST_CLICKS_AT_COMMIT = "click-ip-first-clicks-at-commit";

  /** What caps used, per cap and period: this task's part ({@link CapCountTopology}). */
  static final String CAP_COUNTS = "cap-counts";

  /** Clicks that arrived out of order, by id ({@link LateClicks}): what a look-up by id cannot find in the topics. */
  static final String LATE_CLICKS = "click-late-arrivals";
}
