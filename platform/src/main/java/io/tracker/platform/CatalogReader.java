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
import io.tracker.schemas.CatalogTopic;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-memory {@link Catalog} current from the compacted catalog topics ({@link TopicMirror}): after each
 * batch of changes it swaps in a new immutable snapshot.
 */
public final class CatalogReader extends TopicMirror<byte[]> {
  private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

  private final AtomicReference<Catalog> current = new AtomicReference<>(Catalog.EMPTY);
  private final Map<Long, Affiliate> affiliates = new HashMap<>();
  private final Map<Long, Advertiser> advertisers = new HashMap<>();
  private final Map<Long, Offer> offers = new HashMap<>();
  private final Map<Long, Campaign> campaigns = new HashMap<>();
  private final Map<Long, Creative> creatives = new HashMap<>();
  private final Map<Long, Postback> postbacks = new HashMap<>();
  private final Map<Long, Event> events = new HashMap<>();
  private final Map<Long, AffiliateKey> affiliateKeys = new HashMap<>();
  private Settings settings;

  public CatalogReader(String bootstrapServers, String clientId) {
    super(bootstrapServers, clientId, Topics.catalog().stream().map(CatalogTopic::name).toList(),
        new ByteArrayDeserializer(), Duration.ofMillis(100));
  }

  public CatalogReader start() {
    startReading();
    return this;
  }

  /** The latest snapshot; never null. */
  public Catalog catalog() {
    return current.get();
  }

  @Override
  protected void publish() {
    current.set(new Catalog(affiliates, advertisers, offers, campaigns, creatives, settings, postbacks, events,
        affiliateKeys));
  }

  @Override
  protected void apply(ConsumerRecord<String, byte[]> record) {
    try {
      String topic = record.topic();
      if (topic.equals(Topics.SETTINGS.name())) {
        settings = decode(Topics.SETTINGS, record.value());
        return;
      }
      long id = Long.parseLong(record.key());
      if (topic.equals(Topics.AFFILIATES.name())) {
        put(affiliates, id, decode(Topics.AFFILIATES, record.value()));
      } else if (topic.equals(Topics.ADVERTISERS.name())) {
        put(advertisers, id, decode(Topics.ADVERTISERS, record.value()));
      } else if (topic.equals(Topics.OFFERS.name())) {
        put(offers, id, decode(Topics.OFFERS, record.value()));
      } else if (topic.equals(Topics.CAMPAIGNS.name())) {
        put(campaigns, id, decode(Topics.CAMPAIGNS, record.value()));
      } else if (topic.equals(Topics.CREATIVES.name())) {
        put(creatives, id, decode(Topics.CREATIVES, record.value()));
      } else if (topic.equals(Topics.POSTBACKS.name())) {
        put(postbacks, id, decode(Topics.POSTBACKS, record.value()));
      } else if (topic.equals(Topics.EVENTS.name())) {
        put(events, id, decode(Topics.EVENTS, record.value()));
      } else if (topic.equals(Topics.AFFILIATE_KEYS.name())) {
        put(affiliateKeys, id, decode(Topics.AFFILIATE_KEYS, record.value()));
      }
    } catch (NumberFormatException | SerializationException e) {
      // one bad record must not stop the catalog: skip it and say where it is
      log.warn("skipping unreadable catalog record {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.toString());
    }
  }

  private static <T> T decode(CatalogTopic<?> topic, byte[] value) {
    @SuppressWarnings("unchecked")
    T decoded = value == null ? null : (T) topic.serde().decode(value);
    return decoded;
  }

  private static <V> void put(Map<Long, V> map, long id, V value) {
    if (value == null) {
      map.remove(id);
    } else {
      map.put(id, value);
    }
  }
}
