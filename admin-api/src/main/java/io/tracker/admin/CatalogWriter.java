package io.tracker.admin;

import io.tracker.platform.HttpErrors;
import io.tracker.platform.Catalog;
import io.tracker.platform.CatalogReader;
import io.tracker.schemas.CatalogTopic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes catalog changes to their compacted topics (Kafka is the catalog's source of truth) and returns once
 * this instance's catalog snapshot holds them, so that a read after a write sees it. Writes are serialised:
 * ids are the next integer after the highest one in the catalog, as in CAKE links.
 */
final class CatalogWriter implements AutoCloseable {
  private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<String, byte[]> producer;
  private final CatalogReader reader;

  CatalogWriter(String bootstrapServers, CatalogReader reader) {
    this.reader = reader;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "api-catalog",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer());
  }

  Catalog catalog() {
    return reader.catalog();
  }

  /** Creates a record under the next free id of its kind. */
  synchronized <T extends SpecificRecord> T create(CatalogTopic<T> topic, java.util.SortedMap<Long, T> existing,
      LongFunction<T> withId) {
    long id = existing.isEmpty() ? 1 : existing.lastKey() + 1;
    T record = withId.apply(id);
    write(topic, String.valueOf(id), record);
    return record;
  }

  /**
   * Rewrites a record from its current state, one change at a time (a key's last use never undoes its revocation):
   * {@code change} gives the new record, or null to leave it. Returns what was written, or null.
   */
  synchronized <T extends SpecificRecord> T update(CatalogTopic<T> topic, long id,
      java.util.function.LongFunction<T> current, java.util.function.UnaryOperator<T> change) {
    T stored = current.apply(id);
    T changed = stored == null ? null : change.apply(stored);
    if (changed != null) {
      write(topic, String.valueOf(id), changed);
    }
    return changed;
  }

  synchronized <T extends SpecificRecord> void write(CatalogTopic<T> topic, String key, T record) {
    try {
      RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), key, topic.serde().encode(record)))
          .get(APPLY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (!reader.awaitApplied(new TopicPartition(written.topic(), written.partition()), written.offset(),
          APPLY_TIMEOUT)) {
        throw new CatalogUnavailable("the catalog change was written but not read back in " + APPLY_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogUnavailable("interrupted while writing the catalog");
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new CatalogUnavailable("Kafka did not take the catalog change: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** Kafka could not take or hand back a change: the API answers 503 so that the caller retries. */
  static final class CatalogUnavailable extends HttpErrors.Unavailable {
    CatalogUnavailable(String message) {
      super(message);
    }
  }
}
