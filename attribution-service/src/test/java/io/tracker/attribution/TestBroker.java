package io.tracker.attribution;

import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.JudgedClick;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker for one test class with the event topics in two partitions: sends processed clicks and
 * conversions as click-streams and the edge do, and reads the attributed conversions as a report would
 * (read_committed: only what committed transactions wrote).
 */
final class TestBroker implements AutoCloseable {
  static final int PARTITIONS = 2;
  private static final AvroSerde<JudgedClick> CLICKS = ProcessedClicks.JUDGED;
  private static final AvroSerde<Conversion> CONVERSIONS = AvroSerde.of(Conversion.class);
  private static final AvroSerde<AttributedConversion> ATTRIBUTED = AvroSerde.of(AttributedConversion.class);

  private final EmbeddedKafkaBroker broker;
  private KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<AttributedConversion> attributed = new ArrayList<>();
  /** Records the broker has not acknowledged in time; {@link #flush()} sends them again on a new producer. */
  private final Queue<ProducerRecord<String, byte[]>> unacknowledged = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Exception> refused = new AtomicReference<>();

  private TestBroker(EmbeddedKafkaBroker broker) {
    this.broker = broker;
    this.producer = newProducer();
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      partitions.add(new TopicPartition(Topics.ATTRIBUTED_CONVERSIONS, partition));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  static TestBroker start(Path dir) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, FreePort.find(), FreePort.find(),
        Duration.ofSeconds(60));
    KafkaTopics.ensureOnOneBroker(broker.bootstrapServers(), PARTITIONS);
    return new TestBroker(broker);
  }

  /**
   * A producer that gives up on a batch after 20 s, so that a producer stuck on a fresh broker (seen once on
   * CI: no answer for two minutes to the first sends) is replaced instead of failing the test. The topology
   * under test drops a repeated conversion id, and a repeated processed click changes nothing.
   */
  private KafkaProducer<String, byte[]> newProducer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000), new StringSerializer(), new ByteArraySerializer());
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Sends without waiting; {@link #flush()} waits for every send and fails on the first one refused. */
  void send(JudgedClick click) {
    send(Topics.PROCESSED_CLICKS, TestEvents.visitorOf(click), click.getTime(),
        CLICKS.encode(click));
  }

  void send(Conversion conversion) {
    send(Topics.CONVERSIONS, conversion.getVisitorId(), conversion.getTime().toEpochMilli(),
        CONVERSIONS.encode(conversion));
  }

  private void send(String topic, String key, long timestamp, byte[] value) {
    send(new ProducerRecord<>(topic, null, timestamp, key, value));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    producer.send(record, (written, failure) -> {
      if (failure instanceof TimeoutException) {
        unacknowledged.add(record);
      } else if (failure != null) {
        refused.compareAndSet(null, failure);
      }
    });
  }

  /** Waits until the broker has acknowledged every send; fails on a refusal or after three timed-out tries. */
  void flush() {
    producer.flush();
    for (int retry = 1; !unacknowledged.isEmpty(); retry++) {
      if (retry > 3) {
        throw new IllegalStateException(unacknowledged.size() + " events not acknowledged after " + retry + " tries");
      }
      producer.close();
      producer = newProducer();
      List<ProducerRecord<String, byte[]>> again = new ArrayList<>(unacknowledged);
      unacknowledged.clear();
      again.forEach(this::send);
      producer.flush();
    }
    if (refused.get() != null) {
      throw new IllegalStateException("the broker did not take an event", refused.get());
    }
  }

  /** Every attributed conversion committed so far, in the order read. */
  List<AttributedConversion> attributed() {
    consumer.poll(Duration.ofMillis(200)).forEach(record -> attributed.add(ATTRIBUTED.decode(record.value())));
    return List.copyOf(attributed);
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
    broker.close();
  }
}
