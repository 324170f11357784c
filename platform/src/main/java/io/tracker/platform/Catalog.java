package io.tracker.platform;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AffiliateKey;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Event;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Postback;
import io.tracker.catalog.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An immutable snapshot of the catalog. Readers take one snapshot and look up in plain maps: the hot path
 * never waits on a lock or on Kafka. The {@link CatalogReader} swaps in a new snapshot after each change.
 */
public final class Catalog {
  public static final Catalog EMPTY = new Catalog(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null, Map.of(),
      Map.of(), Map.of());

  private final SortedMap<Long, Affiliate> affiliates;
  private final SortedMap<Long, Advertiser> advertisers;
  private final SortedMap<Long, Offer> offers;
  private final SortedMap<Long, Campaign> campaigns;
  private final SortedMap<Long, Creative> creatives;
  private final Settings settings;
  private final SortedMap<Long, Postback> postbacks;
  private final Map<Long, Campaign> campaignByAffiliateOffer;
  private final Map<Long, List<Postback>> postbacksByAffiliate;
  private final SortedMap<Long, Event> events;
  private final Map<String, Event> eventByOfferCode;
  private final SortedMap<Long, AffiliateKey> affiliateKeys;
  private final Map<String, AffiliateKey> affiliateKeyByHash;

  Catalog(Map<Long, Affiliate> affiliates, Map<Long, Advertiser> advertisers, Map<Long, Offer> offers,
      Map<Long, Campaign> campaigns, Map<Long, Creative> creatives, Settings settings, Map<Long, Postback> postbacks,
      Map<Long, Event> events, Map<Long, AffiliateKey> affiliateKeys) {
    this.affiliates = sorted(affiliates);
    this.advertisers = sorted(advertisers);
    this.offers = sorted(offers);
    this.campaigns = sorted(campaigns);
    this.creatives = sorted(creatives);
    this.settings = settings == null ? new Settings(null) : settings;
    Map<Long, Campaign> byPair = new HashMap<>();
    for (Campaign campaign : campaigns.values()) {
      byPair.put(pair(campaign.getAffiliateId(), campaign.getOfferId()), campaign);
    }
    this.campaignByAffiliateOffer = byPair;
    this.postbacks = sorted(postbacks);
    Map<Long, List<Postback>> byAffiliate = new HashMap<>();
    for (Postback postback : this.postbacks.values()) {
      byAffiliate.computeIfAbsent(postback.getAffiliateId(), affiliate -> new ArrayList<>()).add(postback);
    }
    byAffiliate.replaceAll((affiliate, list) -> List.copyOf(list));
    this.postbacksByAffiliate = byAffiliate;
    this.events = sorted(events);
    Map<String, Event> byCode = new HashMap<>();
    events.values().forEach(event -> byCode.put(eventKey(event.getOfferId(), event.getCode()), event));
    this.eventByOfferCode = byCode;
    this.affiliateKeys = sorted(affiliateKeys);
    Map<String, AffiliateKey> byHash = new HashMap<>();
    affiliateKeys.values().forEach(key -> byHash.put(key.getHash(), key));
    this.affiliateKeyByHash = byHash;
  }

  private static String eventKey(long offerId, String code) {
    return offerId + ":" + code.toLowerCase(Locale.ROOT);
  }

  /** A snapshot of the given entities, e.g. for tests; the reader builds its snapshots the same way. */
  public static Catalog of(List<Affiliate> affiliates, List<Advertiser> advertisers, List<Offer> offers,
      List<Campaign> campaigns, List<Creative> creatives, Settings settings) {
    return of(affiliates, advertisers, offers, campaigns, creatives, settings, List.of());
  }

  /** The same, with the affiliates' postbacks. */
  public static Catalog of(List<Affiliate> affiliates, List<Advertiser> advertisers, List<Offer> offers,
      List<Campaign> campaigns, List<Creative> creatives, Settings settings, List<Postback> postbacks) {
    return new Catalog(byId(affiliates, Affiliate::getId), byId(advertisers, Advertiser::getId),
        byId(offers, Offer::getId), byId(campaigns, Campaign::getId), byId(creatives, Creative::getId), settings,
        byId(postbacks, Postback::getId), Map.of(), Map.of());
  }

  /** The same, with the offers' events and the affiliates' keys. */
  public static Catalog of(List<Affiliate> affiliates, List<Advertiser> advertisers, List<Offer> offers,
      List<Campaign> campaigns, List<Creative> creatives, Settings settings, List<Postback> postbacks,
      List<Event> events, List<AffiliateKey> affiliateKeys) {
    return new Catalog(byId(affiliates, Affiliate::getId), byId(advertisers, Advertiser::getId),
        byId(offers, Offer::getId), byId(campaigns, Campaign::getId), byId(creatives, Creative::getId), settings,
        byId(postbacks, Postback::getId), byId(events, Event::getId), byId(affiliateKeys, AffiliateKey::getId));
  }

  private static <V> Map<Long, V> byId(List<V> values, Function<V, Long> id) {
    Map<Long, V> map = new HashMap<>();
    values.forEach(v -> map.put(id.apply(v), v));
    return map;
  }

  private static <V> SortedMap<Long, V> sorted(Map<Long, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  private static long pair(long affiliateId, long offerId) {
    // ids are positive and far below 2^31 in practice; the pair key keeps the lookup allocation-free
    return (affiliateId << 32) ^ offerId;
  }

  public Affiliate affiliate(long id) {
    return affiliates.get(id);
  }

  public Advertiser advertiser(long id) {
    return advertisers.get(id);
  }

  public Offer offer(long id) {
    return offers.get(id);
  }

  public Campaign campaign(long id) {
    return campaigns.get(id);
  }

  public Creative creative(long id) {
    return creatives.get(id);
  }

  /** The campaign of an affiliate on an offer (one per pair, as in CAKE), or null. */
  public Campaign campaignFor(long affiliateId, long offerId) {
    Campaign campaign = campaignByAffiliateOffer.get(pair(affiliateId, offerId));
    return campaign != null && campaign.getAffiliateId() == affiliateId && campaign.getOfferId() == offerId
        ? campaign : null;
  }

  public Postback postback(long id) {
    return postbacks.get(id);
  }

  /** An affiliate's postbacks (any status), in id order; empty when it has none. */
  public List<Postback> postbacksOf(long affiliateId) {
    return postbacksByAffiliate.getOrDefault(affiliateId, List.of());
  }

  public Settings settings() {
    return settings;
  }

  public SortedMap<Long, Affiliate> affiliates() {
    return affiliates;
  }

  public SortedMap<Long, Advertiser> advertisers() {
    return advertisers;
  }

  public SortedMap<Long, Offer> offers() {
    return offers;
  }

  public SortedMap<Long, Campaign> campaigns() {
    return campaigns;
  }

  public SortedMap<Long, Creative> creatives() {
    return creatives;
  }

  /** The event of an offer with this code (compared without case), or null. */
  public Event eventOf(long offerId, String code) {
    return code == null ? null : eventByOfferCode.get(eventKey(offerId, code));
  }

  public SortedMap<Long, Event> events() {
    return events;
  }

  /** The key whose SHA-256 hash this is, revoked or not, or null. */
  public AffiliateKey affiliateKeyByHash(String hash) {
    return affiliateKeyByHash.get(hash);
  }

  public SortedMap<Long, AffiliateKey> affiliateKeys() {
    return affiliateKeys;
  }

  public SortedMap<Long, Postback> postbacks() {
    return postbacks;
  }
}
