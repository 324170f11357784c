package io.tracker.platform.caps;

import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What caps have used, from {@link Topics#CAP_COUNTS}: a plain consumer over the whole compacted topic, read
 * from the beginning like the catalog, that adds up the tasks' partial counts of each cap and period and swaps
 * in a new immutable map after each batch. A lookup is one map read. The edge enforces caps from it, the API
 * reports them.
 */
public final class CapCounts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CapCounts.class);
  /** How long a poll waits for news: part of how late the edge learns that a cap was reached. */
  static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, Long> consumer;
  private final AtomicReference<Map<CapKey, Long>> totals = new AtomicReference<>(Map.of());
  private final Map<String, Long> partials = new HashMap<>();
  private final Map<CapKey, Long> sums = new HashMap<>();
  private final Thread thread;
  private volatile boolean caughtUp;
  private volatile boolean running = true;

  public CapCounts(String bootstrapServers, String clientId) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // only committed counts: a count in an aborted transaction never closes a cap
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis()),
        new StringDeserializer(), new LongDeserializer());
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
  }

  public CapCounts start() {
    thread.start();
    return this;
  }

  /** What the cap has used in the period, all tasks together. */
  public long used(CapKey key) {
    return totals.get().getOrDefault(key, 0L);
  }

  /** Every count known now. */
  public Map<CapKey, Long> all() {
    return totals.get();
  }

  public boolean isCaughtUp() {
    return caughtUp;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CAP_COUNTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
      while (running) {
        var records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          records.forEach(this::apply);
          totals.set(Map.copyOf(sums));
        }
        if (!caughtUp) {
          caughtUp = startEnd.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("cap counts reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("cap counts reader stopped: caps keep the counts read so far until a restart", e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, Long> record) {
    CapKey key = CapKey.parsePartial(record.key());
    if (key == null) {
      return;
    }
    Long before = record.value() == null ? partials.remove(record.key()) : partials.put(record.key(), record.value());
    long change = (record.value() == null ? 0 : record.value()) - (before == null ? 0 : before);
    long sum = sums.getOrDefault(key, 0L) + change;
    if (sum == 0 && record.value() == null) {
      sums.remove(key);
    } else {
      sums.put(key, sum);
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
