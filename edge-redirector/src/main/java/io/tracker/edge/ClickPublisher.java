package io.tracker.edge;

import io.tracker.events.Click;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands click events to Kafka without making the caller wait: an idempotent, acks=all producer whose metadata
 * is fetched at start, so that {@code send} only appends to the producer's buffer. Keyed by visitor id, record
 * timestamp = click time.
 */
final class ClickPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickPublisher.class);
  private static final AvroSerde<Click> CLICKS = AvroSerde.of(Click.class);

  private final KafkaProducer<String, byte[]> producer;
  private final LongAdder failed = new LongAdder();
  private final Callback onAck = (metadata, error) -> {
    if (error != null) {
      failed.increment();
    }
  };
  private volatile boolean warm;

  ClickPublisher(String bootstrapServers) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "edge-clicks",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis()),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** Fetches the topic's metadata so that later sends do not wait for it. */
  void warmUp() {
    producer.partitionsFor(Topics.CLICKS);
    warm = true;
  }

  boolean isWarm() {
    return warm;
  }

  void publish(Click click) {
    producer.send(new ProducerRecord<>(Topics.CLICKS, null, click.getTime().toEpochMilli(), click.getVisitorId(),
        CLICKS.encode(click)), onAck);
  }

  long failedSends() {
    return failed.sum();
  }

  @Override
  public void close() {
    producer.flush();
    producer.close(Duration.ofSeconds(10));
    if (failed.sum() > 0) {
      log.warn("{} click events could not be sent to Kafka", failed.sum());
    }
  }
}
