package io.tracker.clicks;

/**
 * Names of click-streams' own state stores for click dispositions (the report stores are named in
 * {@link io.tracker.schemas.Stores}). The disposition processor writes them; look-ups by id read the late clicks.
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
}
