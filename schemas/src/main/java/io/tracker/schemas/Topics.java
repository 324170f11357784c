package io.tracker.schemas;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AffiliateKey;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Event;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Postback;
import io.tracker.catalog.Settings;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Every topic of the tracker, named once. Event topics are keyed by visitor id; see {@link ClickId}. */
public final class Topics {
  private Topics() {}

  /** Clicks as the edge recorded them; record timestamp = click time. */
  public static final String CLICKS = "tracker.clicks";

  /**
   * The header the edge puts on an event it sends again (after a failed send, or from its journal after a
   * restart): the event may already be in the topic, so a new visitor's click must be looked up like any other.
   */
  public static final String RESENT_HEADER = "resent";

  /** The headers of an event sent again, as a producer record takes them. */
  public static final List<Header> RESENT = List.of(new RecordHeader(RESENT_HEADER, new byte[0]));

  /** Whether a record carries the {@link #RESENT_HEADER}. */
  public static boolean isResent(Headers headers) {
    return headers.lastHeader(RESENT_HEADER) != null;
  }

  /** Clicks with click-streams' disposition (unique, repeat, duplicate, bot); what reports and attribution read. */
  public static final String PROCESSED_CLICKS = "tracker.clicks.processed";

  /** Conversions with their attribution decision; click-streams adds their credits to the report rows. */
  public static final String ATTRIBUTED_CONVERSIONS = "tracker.conversions.attributed";

  /** Conversions as the edge received them (pixels and postbacks); record timestamp = conversion time. */
  public static final String CONVERSIONS = "tracker.conversions";

  public static final CatalogTopic<Affiliate> AFFILIATES = CatalogTopic.of("tracker.catalog.affiliates", Affiliate.class);
  public static final CatalogTopic<Advertiser> ADVERTISERS = CatalogTopic.of("tracker.catalog.advertisers", Advertiser.class);
  public static final CatalogTopic<Offer> OFFERS = CatalogTopic.of("tracker.catalog.offers", Offer.class);
  public static final CatalogTopic<Campaign> CAMPAIGNS = CatalogTopic.of("tracker.catalog.campaigns", Campaign.class);
  public static final CatalogTopic<Creative> CREATIVES = CatalogTopic.of("tracker.catalog.creatives", Creative.class);
  public static final CatalogTopic<Settings> SETTINGS = CatalogTopic.of("tracker.catalog.settings", Settings.class);
  public static final CatalogTopic<Postback> POSTBACKS = CatalogTopic.of("tracker.catalog.postbacks", Postback.class);
  public static final CatalogTopic<Event> EVENTS = CatalogTopic.of("tracker.catalog.events", Event.class);
  /** Affiliates' API keys, hashed; compacted like the rest of the catalog. */
  public static final CatalogTopic<AffiliateKey> AFFILIATE_KEYS =
      CatalogTopic.of("tracker.catalog.affiliate-keys", AffiliateKey.class);

  /** Changes asked of conversions ({@code Adjustment}), keyed by the conversion's visitor id. */
  public static final String CONVERSION_ADJUSTMENTS = "tracker.conversions.adjustments";

  /** Conversions before and after each applied adjustment ({@code ConversionChange}), keyed by visitor id. */
  public static final String CONVERSION_CHANGES = "tracker.conversions.changes";

  /** The key of the single record in {@link #SETTINGS}. */
  public static final String SETTINGS_KEY = "global";

  public static List<CatalogTopic<?>> catalog() {
    return List.of(AFFILIATES, ADVERTISERS, OFFERS, CAMPAIGNS, CREATIVES, SETTINGS, POSTBACKS, EVENTS, AFFILIATE_KEYS);
  }

  /**
   * Decisions to call an affiliate's postback ({@code PostbackCall}), keyed by call id, written exactly-once before
   * any call is made. Partitioned like {@link #POSTBACK_ATTEMPTS} and {@link #POSTBACK_PENDING} (same key, same
   * partition count), so that a call, its attempts and its state meet in one task.
   */
  public static final String POSTBACK_CALLS = "tracker.postbacks.calls";

  /** What each attempt to call a postback gave ({@code PostbackAttempt}), keyed by call id. */
  public static final String POSTBACK_ATTEMPTS = "tracker.postbacks.attempts";

  /**
   * Compacted: each call not yet delivered or failed ({@code PostbackCallState}) under its call id, and a tombstone
   * once it is; what the postback sender schedules from, and reads again from the beginning after a restart.
   */
  public static final String POSTBACK_PENDING = "tracker.postbacks.pending";

  /** The postback topics that keep every record for their retention. */
  public static List<String> postbackEvents() {
    return List.of(POSTBACK_CALLS, POSTBACK_ATTEMPTS);
  }

  /**
   * Compacted: each click-streams task's count of one cap's period, as an absolute value, keyed by
   * {@link CapKey#partial}; a tombstone once the period is over. The edge reads it whole, like the catalog.
   */
  public static final String CAP_COUNTS = "tracker.caps.counts";

  /** The click topics: a click is looked up by id in them, so they keep clicks as long as that must work. */
  public static List<String> clicks() {
    return List.of(CLICKS, PROCESSED_CLICKS);
  }

  /** Topics of events, partitioned by visitor: scale-out is more of these partitions. */
  public static List<String> events() {
    return List.of(CLICKS, CONVERSIONS, PROCESSED_CLICKS, ATTRIBUTED_CONVERSIONS, CONVERSION_ADJUSTMENTS,
        CONVERSION_CHANGES);
  }
}
