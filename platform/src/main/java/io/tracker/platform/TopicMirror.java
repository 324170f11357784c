package io.tracker.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole topics mirrored in memory (the catalog, cap counts): a plain consumer, no group, assigned every partition
 * of the topics and reading them from the beginning on a thread of its own, committed records only unless the
 * subclass reads ahead of the commits. A subclass applies each record and, after each batch, publishes a new
 * immutable view for its readers. Caught up once it has read to the end offsets that existed when it started.
 */
public abstract class TopicMirror<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicMirror.class);

  private final KafkaConsumer<String, V> consumer;
  private final List<String> topics;
  private final Duration poll;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * {@code poll}: how long a poll waits for news, which bounds how late a change reaches the view. A record of an
   * aborted transaction never reaches the view.
   */
  protected TopicMirror(String bootstrapServers, String clientId, List<String> topics, Deserializer<V> values,
      Duration poll) {
    this(bootstrapServers, clientId, topics, values, poll, false);
  }

  /**
   * {@code aheadOfCommits}: the view takes records as soon as they are written, before the transaction that wrote
   * them commits, and also those of transactions later aborted; for a topic whose writers write again, after an
   * abort, what they wrote before it.
   */
  protected TopicMirror(String bootstrapServers, String clientId, List<String> topics, Deserializer<V> values,
      Duration poll, boolean aheadOfCommits) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, aheadOfCommits ? "read_uncommitted" : "read_committed",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) poll.toMillis()),
        new StringDeserializer(), values);
    this.topics = List.copyOf(topics);
    this.poll = poll;
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
  }

  /** Applies one record to the state the next view is made of (on the mirror's thread). */
  protected abstract void apply(ConsumerRecord<String, V> record);

  /** Makes the state applied so far the view its readers see (after each batch, on the mirror's thread). */
  protected abstract void publish();

  protected void startReading() {
    thread.start();
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the view includes the record written at {@code offset} (read-your-writes). */
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
      for (String topic : topics) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
      while (running) {
        ConsumerRecords<String, V> records = consumer.poll(poll);
        if (!records.isEmpty()) {
          records.forEach(this::apply);
          publish();
        }
        for (TopicPartition partition : partitions) {
          positions.put(partition, consumer.position(partition));
        }
        synchronized (positions) {
          positions.notifyAll();
        }
        if (isCaughtUp() || startEnd.entrySet().stream().allMatch(end -> positions.get(end.getKey()) >= end.getValue())) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("{}: woken up unexpectedly", thread.getName(), e);
      }
    } catch (RuntimeException e) {
      log.error("{} stopped reading {}: its view will not change until a restart", thread.getName(), topics, e);
    } finally {
      consumer.close();
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
