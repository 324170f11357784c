package io.tracker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.Affiliate;
import io.tracker.catalog.Status;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broker life cycle per test: start, create topics, read the catalog, restart on the same data. */
class CatalogAcrossRestartTest {

  @TempDir Path data;

  @Test
  void catalogWrittenBeforeARestartIsReadAfterIt() throws Exception {
    int port = FreePort.find();
    int controllerPort = FreePort.find();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, port, controllerPort, Duration.ofSeconds(60))) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        KafkaTopics.ensure(admin, 2, (short) 1);
        KafkaTopics.ensure(admin, 2, (short) 1); // a second call finds them and does nothing
        assertEquals(2, admin.describeTopics(java.util.List.of(Topics.CLICKS)).allTopicNames().get()
            .get(Topics.CLICKS).partitions().size());
      }
      try (CatalogReader reader = new CatalogReader(broker.bootstrapServers(), "test-catalog").start()) {
        assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(30)), "an empty catalog is caught up at once");
        RecordMetadata written = writeAffiliate(broker, new Affiliate(4L, "Blue Media", Status.ACTIVE));
        assertTrue(reader.awaitApplied(new TopicPartition(written.topic(), written.partition()),
            written.offset(), Duration.ofSeconds(10)));
        assertEquals("Blue Media", reader.catalog().affiliate(4).getName());
        assertNull(reader.catalog().affiliate(5));
      }
    }
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(data, port, controllerPort, Duration.ofSeconds(60));
        CatalogReader reader = new CatalogReader(again.bootstrapServers(), "test-catalog-2").start()) {
      assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(30)));
      assertEquals("Blue Media", reader.catalog().affiliate(4).getName(), "the catalog outlives a restart");
    }
  }

  private static RecordMetadata writeAffiliate(EmbeddedKafkaBroker broker, Affiliate affiliate) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(Topics.AFFILIATES.name(), String.valueOf(affiliate.getId()),
          Topics.AFFILIATES.serde().encode(affiliate))).get();
    }
  }
}
