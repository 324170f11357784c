package io.tracker.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a Streams app has committed to one of its output topics, as a read_committed consumer sees it while the
 * faults go on: how many times each id was published (an id of null is left out, e.g. test traffic). Its
 * {@link #distinct()} count is read before each report query: what is committed is what a full report must hold.
 */
final class CommittedIds<T extends SpecificRecord> implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Function<byte[], T> decode;
  private final Function<T, String> id;
  private final Map<String, Integer> times = new HashMap<>();
  private final AtomicLong distinct = new AtomicLong();
  private final Thread reader;
  private volatile boolean running = true;

  CommittedIds(String bootstrapServers, String topic, Function<byte[], T> decode, Function<T, String> id) {
    this.decode = decode;
    this.id = id;
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.reader = new Thread(this::read, "committed-" + topic);
    reader.setDaemon(true);
    reader.start();
  }

  long distinct() {
    return distinct.get();
  }

  /** Each id read so far and how many times it was published. */
  synchronized Map<String, Integer> times() {
    return Map.copyOf(times);
  }

  private void read() {
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          String key = id.apply(decode.apply(record.value()));
          if (key != null) {
            synchronized (this) {
              if (times.merge(key, 1, Integer::sum) == 1) {
                distinct.incrementAndGet();
              }
            }
          }
        });
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
