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
  /** attribution: one row per conversion with its decision (the API adds each conversion's postback calls). */
  public static final String CONVERSIONS = "/api/reports/conversions";
  /** attribution: an offer's conversions credited again under each model. */
  public static final String ATTRIBUTION_COMPARE = "/api/reports/attribution-compare";
  /** postback service: one row per postback call, with its attempts. */
  public static final String POSTBACKS = "/api/reports/postbacks";

  /** the API itself, from the cap counts the edge reads too: each cap's limit, use and period. */
  public static final String CAPS = "/api/reports/caps";

  public static final List<String> CLICK_STREAMS = List.of(CLICKS, CLICK);
  public static final List<String> POSTBACK_SERVICE = List.of(POSTBACKS);

  /** postback service: one test call of a postback URL now, by the sender's rules (the API's POST /api/postbacks/{id}/test). */
  public static final String POSTBACK_TEST = "/internal/postbacks/test";
}
