package io.tracker.postbacks;

import io.tracker.catalog.Postback;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.events.AttributedConversion;
import io.tracker.platform.KafkaTopics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker for one test class with the tracker's topics in two partitions: writes postbacks as the API does
 * and attributed conversions as attribution does.
 */
final class TestKafka implements AutoCloseable {
  static final int PARTITIONS = 2;
  private static final AvroSerde<AttributedConversion> ATTRIBUTED = AvroSerde.of(AttributedConversion.class);

  private final EmbeddedKafkaBroker broker;
  private final KafkaProducer<String, byte[]> producer;

  private TestKafka(EmbeddedKafkaBroker broker) {
    this.broker = broker;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
  }

  static TestKafka start(Path dir) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, FreePort.find(), FreePort.find(),
        Duration.ofSeconds(60));
    KafkaTopics.ensureOnOneBroker(broker.bootstrapServers(), PARTITIONS);
    return new TestKafka(broker);
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  void save(Postback postback) {
    send(Topics.POSTBACKS.name(), Long.toString(postback.getId()), System.currentTimeMillis(),
        Topics.POSTBACKS.serde().encode(postback));
  }

  void send(AttributedConversion decision) {
    send(Topics.ATTRIBUTED_CONVERSIONS, decision.getConversion().getVisitorId(),
        decision.getConversion().getTime().toEpochMilli(), ATTRIBUTED.encode(decision));
  }

  private void send(String topic, String key, long timestamp, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker did not take a record of " + topic, e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
    broker.close();
  }
}
