package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.platform.HttpErrors;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Finds a click by id in the click topics, which keep every click for {@code kafka.clickTopicRetention}: the click
 * as recorded in {@link Topics#CLICKS}, its judgement in {@link Topics#PROCESSED_CLICKS}. A click id carries its
 * visitor (the key, hence the partition) and its time, and the records of a partition are in time order but for
 * the late clicks (see {@link LateClicks}): a click that is not late lies after the first record of its time and
 * before any record more than {@link LateClicks#SLACK} newer, so a look-up reads a few seconds of one partition
 * from {@code offsetsForTimes}. The state stores keep no click by id. One consumer, one look-up at a time: this
 * serves the API, not the click path.
 */
final class RecordedClicks implements AutoCloseable {
  /** Covers a scan of a busy partition's few seconds; a peer relaying a look-up waits for it (see {@link Peers}). */
  private static final Duration GIVE_UP = Duration.ofSeconds(3);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final AvroSerde<Click> CLICKS = AvroSerde.of(Click.class);
  private static final ProcessedClicks JUDGEMENTS = new ProcessedClicks();

  private final KafkaConsumer<byte[], byte[]> consumer;

  RecordedClicks(String bootstrapServers) {
    // read_committed: the processed clicks are written in transactions, and only committed ones happened
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The click as recorded at this offset of its partition, if it is still kept. */
  synchronized Click clickAt(int partition, long offset, String clickId) {
    TopicPartition clicks = new TopicPartition(Topics.CLICKS, partition);
    return read(clicks, offset, record -> record.offset() > offset, record -> {
      Click click = CLICKS.decode(record.value());
      return click.getClickId().equals(clickId) ? click : null;
    });
  }

  /** The click as recorded, when it is not a late one; null when not found. */
  synchronized Click click(int partition, String visitorId, String clickId, long time) {
    return find(new TopicPartition(Topics.CLICKS, partition), visitorId, time, bytes -> {
      Click click = CLICKS.decode(bytes);
      return click.getClickId().equals(clickId) ? click : null;
    });
  }

  /** Its judgement (a JudgedClick, or a ProcessedClick as earlier versions wrote), when not late; null when not found. */
  synchronized SpecificRecord judgement(int partition, String visitorId, String clickId, long time) {
    return find(new TopicPartition(Topics.PROCESSED_CLICKS, partition), visitorId, time, bytes -> {
      SpecificRecord judged = JUDGEMENTS.deserialize(Topics.PROCESSED_CLICKS, bytes);
      return clickId.equals(ClickView.clickIdOf(judged)) ? judged : null;
    });
  }

  /** Reads the visitor's records from the first one at the click's time until one is SLACK newer. */
  private <T> T find(TopicPartition partition, String visitorId, long time, Function<byte[], T> match) {
    OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(partition, time)).get(partition);
    if (first == null) {
      return null; // nothing at or after its time
    }
    byte[] visitor = visitorId.getBytes(StandardCharsets.UTF_8);
    long newest = time + LateClicks.SLACK.toMillis();
    return read(partition, first.offset(), record -> record.timestamp() > newest, record -> record.key() != null
        && Arrays.equals(record.key(), visitor) ? match.apply(record.value()) : null);
  }

  /** Reads from offset until match finds something, a record is beyond where it can be, or the end comes. */
  private <T> T read(TopicPartition partition, long offset, Predicate<ConsumerRecord<byte[], byte[]>> beyond,
      Function<ConsumerRecord<byte[], byte[]>, T> match) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, offset);
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (consumer.position(partition) < end) {
      if (System.nanoTime() > deadline) {
        throw new HttpErrors.Unavailable("looking up a click in " + partition + " took longer than " + GIVE_UP);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (beyond.test(record)) {
          return null;
        }
        T found = record.value() == null ? null : match.apply(record);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
