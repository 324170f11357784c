package io.tracker.postbacks;

/** Names of the postback service's state stores, defined once for its topology and queries alike. */
final class PostbackStores {
  private PostbackStores() {}

  /** Every postback call with its attempts, by conversion time then call id ({@link CallKey}). */
  static final String CALLS = "postback-calls";
}
