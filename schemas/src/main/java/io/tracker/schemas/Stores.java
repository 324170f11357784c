package io.tracker.schemas;

/** Names of the Streams apps' state stores, defined once for topologies and queries alike. */
public final class Stores {
  private Stores() {}

  /** Hourly report buckets of click-streams: report dimensions -> counts, one window per hour. */
  public static final String CLICK_REPORT = "click-report-hourly";
}
