package io.tracker.edge;

import io.tracker.events.Click;
import io.tracker.events.Conversion;
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
 * Hands the edge's events to Kafka without making the caller wait: an idempotent, acks=all producer whose
 * metadata is fetched at start, so that {@code send} only appends to the producer's buffer. Every event is
 * keyed by visitor id with record timestamp = event time.
 */
final class EventPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final AvroSerde<Click> CLICKS = AvroSerde.of(Click.class);
  private static final AvroSerde<Conversion> CONVERSIONS = AvroSerde.of(Conversion.class);

  private final KafkaProducer<String, byte[]> producer;
  private final LongAdder failed = new LongAdder();
  private final Callback onAck = (metadata, error) -> {
    if (error != null) {
      failed.increment();
    }
  };
  private volatile boolean warm;

  EventPublisher(String bootstrapServers) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "edge-events",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis()),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** Fetches the topics' metadata so that later sends do not wait for it. */
  void warmUp() {
    for (String topic : Topics.events()) {
      producer.partitionsFor(topic);
    }
    warm = true;
  }

  boolean isWarm() {
    return warm;
  }

  void publish(Click click) {
    send(Topics.CLICKS, click.getVisitorId(), click.getTime().toEpochMilli(), CLICKS.encode(click));
  }

  void publish(Conversion conversion) {
    send(Topics.CONVERSIONS, conversion.getVisitorId(), conversion.getTime().toEpochMilli(),
        CONVERSIONS.encode(conversion));
  }

  private void send(String topic, String key, long timestamp, byte[] value) {
    producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), onAck);
  }

  long failedSends() {
    return failed.sum();
  }

  @Override
  public void close() {
    producer.flush();
    producer.close(Duration.ofSeconds(10));
    if (failed.sum() > 0) {
      log.warn("{} events could not be sent to Kafka", failed.sum());
    }
  }
}
