package io.tracker.clicks;

/**
 * Names of click-streams' own state stores (the first report stores are named in {@link io.tracker.schemas.Stores}).
 */
final class ClickStores {
  private ClickStores() {}

  /** Each visitor's recent clicks ({@link VisitorHistory}): re-sent clicks, double taps, visits by cookie. */
  static final String VISITORS = "click-visitors";

  /** Visits by IP + user agent or by device id ({@link IdentityVisits}), for the offers that count so. */
  static final String IDENTITY_VISITS = "click-identity-visits";

  /** Clicks per IP per second, one record per IP and window ({@link IpClickRates}). */
  static final String IP_RATES = "click-ip-rates";

  /** Clicks that arrived out of order, by id ({@link LateClicks}): what a look-up by id cannot find in the topics. */
  static final String LATE_CLICKS = "click-late-arrivals";

  /**
   * The overflow rows of the sub id report: the values that came after an hour's rows were used up ({@link
   * ReportBuckets}). Kept apart from the rows of values (in {@link io.tracker.schemas.Stores#SUB_ID_REPORT}, which
   * holds the overflow rows that earlier versions wrote) because many clicks add to few of them.
   */
  static final String SUB_ID_OTHER_REPORT = "click-report-subid-other-hourly";
}
