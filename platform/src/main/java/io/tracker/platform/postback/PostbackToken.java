package io.tracker.platform.postback;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The tokens of an affiliate's postback URL, in CAKE's spelling and the braces spelling (the contract names both),
 * each with what it is filled with. Defined once: the API checks URLs against them and lists them for the console's
 * token picker, the postback service fills them.
 */
public enum PostbackToken {
  TRANSACTION_ID("#tid#", "{transaction_id}", "the advertiser's transaction id (t)"),
  CLICK_ID("#reqid#", "{click_id}", "the credited click's id"),
  CONVERSION_ID("#leadid#", "{conversion_id}",
      "the conversion id, to deduplicate by: a second credit of the same affiliate on one conversion adds -2, -3, ..."),
  PAYOUT("#price#", "{payout}", "this credit's payout to the affiliate, decimal"),
  OFFER_ID("#oid#", "{offer_id}", "the offer id"),
  AFFILIATE_ID("#affid#", "{affiliate_id}", "the affiliate id"),
  CAMPAIGN_ID("#campid#", "{campaign_id}", "the campaign id"),
  S1("#s1#", "{sub1}", "sub id 1 of the click"),
  S2("#s2#", "{sub2}", "sub id 2 of the click"),
  S3("#s3#", "{sub3}", "sub id 3 of the click"),
  S4("#s4#", "{sub4}", "sub id 4 of the click"),
  S5("#s5#", "{sub5}", "sub id 5 of the click"),
  UDID("#udid#", "{udid}", "the device id of the click"),
  EVENT_ID("#e#", "{event_id}", "the conversion's event (e)"),
  TIMESTAMP("#utcunixtime#", "{timestamp}", "the conversion's time in seconds since 1970 (UTC)");

  private static final Map<String, PostbackToken> BY_SPELLING;

  static {
    Map<String, PostbackToken> spellings = new HashMap<>();
    for (PostbackToken token : values()) {
      spellings.put(token.cake, token);
      spellings.put(token.braces, token);
    }
    BY_SPELLING = Collections.unmodifiableMap(spellings);
  }

  private final String cake;
  private final String braces;
  private final String description;

  PostbackToken(String cake, String braces, String description) {
    this.cake = cake;
    this.braces = braces;
    this.description = description;
  }

  /** {@code #tid#}: CAKE's spelling. */
  public String cake() {
    return cake;
  }

  /** {@code {transaction_id}}. */
  public String braces() {
    return braces;
  }

  public String description() {
    return description;
  }

  /** Filled from the credited click rather than from the conversion and its credit, which do not carry them. */
  public boolean fromClick() {
    return this == S2 || this == S3 || this == S4 || this == S5 || this == UDID;
  }

  /** The token spelled so (either spelling), or null. */
  public static PostbackToken bySpelling(String spelling) {
    return BY_SPELLING.get(spelling);
  }
}
