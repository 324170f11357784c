package io.tracker.launcher;

import org.awaitility.Awaitility;

import io.tracker.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything the edge wrote to one event topic, read from the beginning of every partition (no group). */
final class TopicEvents<T extends SpecificRecord> implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroSerde<T> serde;
  private final List<T> seen = new ArrayList<>();

  TopicEvents(String bootstrapServers, String topic, Class<T> type) {
    this.serde = AvroSerde.of(type);
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The first event that matches, waiting for it up to 10 s. */
  T awaitFirst(Predicate<T> matches) {
    List<T> found = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      poll();
      seen.stream().filter(matches).findFirst().ifPresent(found::add);
      return !found.isEmpty();
    });
    return found.get(0);
  }

  /** Every event read so far (after a poll). */
  List<T> all() {
    poll();
    return List.copyOf(seen);
  }

  private void poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(serde.decode(record.value())));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
