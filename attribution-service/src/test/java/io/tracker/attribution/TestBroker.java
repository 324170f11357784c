package io.tracker.attribution;

import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.JudgedClick;
import io.tracker.platform.EmbeddedKafkaBroker;
import io.tracker.platform.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<AttributedConversion> attributed = new ArrayList<>();
  private final AtomicReference<Exception> refused = new AtomicReference<>();

  private TestBroker(EmbeddedKafkaBroker broker) {
    this.broker = broker;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
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
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      KafkaTopics.ensure(admin, PARTITIONS, (short) 1);
    }
    return new TestBroker(broker);
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
    producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (written, failure) -> {
      if (failure != null) {
        refused.compareAndSet(null, failure);
      }
    });
  }

  void flush() {
    producer.flush();
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
