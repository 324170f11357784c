package io.tracker.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against a real broker: what it sends, and which events it marks as sent again. */
class JournalShipperTest {
  private static final int CLICK_TOPIC = Topics.events().indexOf(Topics.CLICKS);

  @TempDir static Path data;
  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), FreePort.find(), FreePort.find(), Duration.ofSeconds(60));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(Topics.events().stream().map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void whatTheJournalHeldAtStartGoesMarkedAsSentAgainAndWhatCameAfterDoesNot() {
    Journal journal = new Journal(data.resolve("journal"), 64 * 1024, 1 << 20);
    append(journal, "held-at-start"); // as after a restart: the run before may have sent it
    try (JournalShipper shipper = new JournalShipper(journal, broker.bootstrapServers()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> journal.pendingBytes() == 0);
      append(journal, "appended-while-running");
      await().atMost(Duration.ofSeconds(30)).until(() -> journal.pendingBytes() == 0);
    }
    assertEquals(Map.of("held-at-start", true, "appended-while-running", false), resentByKey());
  }

  private static void append(Journal journal, String key) {
    RecordBuffer record = Journal.begin(RecordBuffer.ofThisThread(), CLICK_TOPIC, 1_000L, key);
    byte[] value = key.getBytes(StandardCharsets.UTF_8);
    record.putBytes(value, 0, value.length);
    assertTrue(journal.append(record));
  }

  /** Each event in the click topic by its key: whether it carries the RESENT header. */
  private static Map<String, Boolean> resentByKey() {
    Map<String, Boolean> resent = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.CLICKS, 0);
      consumer.assign(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          resent.put(new String(record.key(), StandardCharsets.UTF_8),
              Topics.isResent(record.headers()));
        }
        return consumer.position(partition) >= end;
      });
    }
    return resent;
  }
}
