package io.tracker.edge;

import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the journal to Kafka in order, in batches, with an idempotent acks=all producer, and moves the
 * journal's checkpoint past a batch only once Kafka has acknowledged every record of it. A failed batch is sent
 * again from the checkpoint after a pause: some records may then reach Kafka twice, and downstream dedupes
 * them by event id. A record that may have been sent before (in a failed batch, or by the run before a restart)
 * goes with the {@link Topics#RESENT_HEADER} header. Nothing here runs on a request thread.
 *
 * <p>A round takes whatever the journal holds and starts at most every {@link #ROUND}: under load the batches
 * are then large (a producer batch, with its 64 KiB compression buffer, per partition and round; fewer
 * compressions, broker requests and wake-ups per event; less time taken from the request threads on the same
 * cores), and an event waits at most a round more to reach Kafka.
 */
final class JournalShipper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalShipper.class);
  private static final int BATCH = 5_000;
  private static final Duration ROUND = Duration.ofMillis(50);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
  private static final List<String> TOPICS = Topics.events();

  private final Journal journal;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean kafkaReachable;
  /** The journal position up to which events may already be in Kafka: what is sent again is marked RESENT. */
  private long handedToKafkaUpTo;

  JournalShipper(Journal journal, String bootstrapServers) {
    this.journal = journal;
    // the run before this one may have sent anything its journal still holds
    this.handedToKafkaUpTo = journal.end();
    this.producer = new KafkaProducer<>(producerSettings(bootstrapServers, "edge-journal"),
        new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "edge-journal-shipper");
    this.thread.setDaemon(true);
  }

  /** The producer's settings (the benchmark's probe sends with the same ones). */
  static Map<String, Object> producerSettings(String bootstrapServers, String clientId) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, clientId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
  }

  JournalShipper start() {
    thread.start();
    return this;
  }

  /** True once a batch went through and until one fails. */
  boolean isKafkaReachable() {
    return kafkaReachable;
  }

  private void run() {
    while (running || journal.pendingBytes() > 0) {
      long started = System.nanoTime();
      List<Journal.Entry> batch = journal.read(journal.acknowledged(), BATCH);
      if (batch.isEmpty() && !running) {
        return;
      }
      if (!batch.isEmpty()) {
        if (sendAll(batch)) {
          journal.acknowledge(batch.get(batch.size() - 1).next());
          kafkaReachable = true;
        } else {
          kafkaReachable = false;
          if (!running) {
            return; // shutting down with Kafka away: the journal keeps the rest for the next start
          }
          pause(RETRY_PAUSE.toNanos());
          continue;
        }
      }
      if (running && batch.size() < BATCH) {
        pause(ROUND.toNanos() - (System.nanoTime() - started));
      }
    }
  }

  /** Sends a batch and waits until Kafka has acknowledged all of it; false if any record failed. */
  private boolean sendAll(List<Journal.Entry> batch) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try {
      for (Journal.Entry entry : batch) {
        producer.send(new ProducerRecord<>(TOPICS.get(entry.topic()), null, entry.timestamp(), entry.key(),
            entry.value(), entry.next() <= handedToKafkaUpTo ? Topics.RESENT : null), (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    } catch (KafkaException e) {
      failure.compareAndSet(null, e);
    }
    handedToKafkaUpTo = Math.max(handedToKafkaUpTo, batch.get(batch.size() - 1).next());
    if (failure.get() != null) {
      log.warn("Kafka did not take {} journaled events ({}); they stay in the journal and are sent again",
          batch.size(), failure.get().toString());
      return false;
    }
    return true;
  }

  private static void pause(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos); // the shipper's own pacing between rounds or after a failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends what the journal holds (waiting up to {@code drainFor}), then stops. */
  void close(Duration drainFor) {
    running = false;
    try {
      thread.join(drainFor.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
