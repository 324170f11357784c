package io.tracker.clicks;

/** The report cannot be answered in full right now (a rebalance, an instance out of reach): try again soon. */
final class ReportUnavailable extends RuntimeException {
  static final int RETRY_AFTER_SECONDS = 1;

  ReportUnavailable(String reason) {
    super(reason);
  }

  ReportUnavailable(String reason, Throwable cause) {
    super(reason, cause);
  }
}
