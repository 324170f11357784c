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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-memory {@link Catalog} current from the compacted catalog topics: a plain consumer assigned
 * every partition, read from the beginning, no consumer group. After each batch of changes it swaps in a new
 * immutable snapshot. It is ready once it has read up to the end offsets that existed when it started.
 */
public final class CatalogReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicReference<Catalog> current = new AtomicReference<>(Catalog.EMPTY);
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

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
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
  }

  public CatalogReader start() {
    thread.start();
    return this;
  }

  /** The latest snapshot; never null. */
  public Catalog catalog() {
    return current.get();
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the snapshot includes the record written at {@code offset} (read-your-writes for the API). */
  public boolean awaitApplied(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (positions.getOrDefault(partition, 0L) <= offset) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      synchronized (positions) {
        positions.wait(10);
      }
    }
    return true;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (CatalogTopic<?> topic : Topics.catalog()) {
        consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
      markCaughtUpWhenReached(startEnd);
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          records.forEach(this::apply);
          current.set(new Catalog(affiliates, advertisers, offers, campaigns, creatives, settings, postbacks,
              events, affiliateKeys));
        }
        for (TopicPartition partition : partitions) {
          positions.put(partition, consumer.position(partition));
        }
        synchronized (positions) {
          positions.notifyAll();
        }
        markCaughtUpWhenReached(startEnd);
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("catalog reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("catalog reader stopped: the catalog will not change until a restart", e);
    } finally {
      consumer.close();
    }
  }

  private void markCaughtUpWhenReached(Map<TopicPartition, Long> startEnd) {
    if (caughtUp.getCount() == 0) {
      return;
    }
    for (var end : startEnd.entrySet()) {
      if (positions.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        return;
      }
    }
    caughtUp.countDown();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
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

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
