package io.tracker.platform;

import java.util.List;

/**
 * The report routes that the Streams apps answer on their query ports and the admin API forwards there,
 * spelled once for both sides (same path, same parameters, same answer).
 */
public final class ReportPaths {
  private ReportPaths() {}

  /** click-streams: the click report. */
  public static final String CLICKS = "/api/reports/clicks";
  /** click-streams: one click as recorded, with its disposition. */
  public static final String CLICK = "/api/clicks/{clickId}";
  /** attribution: one row per conversion with its decision. */
  public static final String CONVERSIONS = "/api/reports/conversions";
  /** attribution: an offer's conversions credited again under each model. */
  public static final String ATTRIBUTION_COMPARE = "/api/reports/attribution-compare";

  public static final List<String> CLICK_STREAMS = List.of(CLICKS, CLICK);
  public static final List<String> ATTRIBUTION = List.of(CONVERSIONS, ATTRIBUTION_COMPARE);
}
