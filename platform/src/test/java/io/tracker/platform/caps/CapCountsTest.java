package io.tracker.platform.caps;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.CapInterval;
import io.tracker.catalog.CapScope;
import io.tracker.catalog.CapType;
import io.tracker.embedded.EmbeddedKafkaBroker;
import io.tracker.embedded.FreePort;
import io.tracker.platform.KafkaTopics;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cap counts as the edge sees them, on a real broker, written the way click-streams writes them: each task's
 * absolute count in its transactions. The edge must not wait for a transaction's commit to learn of a count.
 */
class CapCountsTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final CapKey OFFER_DAILY = new CapKey(CapScope.OFFER, 12, CapType.CLICKS, CapInterval.DAILY,
      1_764_201_600_000L);

  @TempDir Path data;

  @Test
  void countsAreSeenBeforeTheirTransactionCommitsAndAnAbortedCountIsWrittenAgain() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, FreePort.find(), FreePort.find(),
        Duration.ofSeconds(60))) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        KafkaTopics.ensure(admin, 1, (short) 1);
      }
      try (CapCounts counts = new CapCounts(broker.bootstrapServers(), "test-cap-counts").start();
          KafkaProducer<String, Long> task = transactional(broker)) {
        assertTrue(counts.awaitCaughtUp(WITHIN));
        task.initTransactions();

        task.beginTransaction();
        task.send(new ProducerRecord<>(Topics.CAP_COUNTS, OFFER_DAILY.partial(0), 40L));
        task.send(new ProducerRecord<>(Topics.CAP_COUNTS, OFFER_DAILY.partial(1), 2L));
        task.flush(); // written, the transaction still open
        await().atMost(WITHIN).until(() -> counts.used(OFFER_DAILY) == 42L);

        task.abortTransaction(); // the task processes the same clicks again, and counts them again
        assertEquals(42L, counts.used(OFFER_DAILY), "an aborted count stands until it is written again");
        task.beginTransaction();
        task.send(new ProducerRecord<>(Topics.CAP_COUNTS, OFFER_DAILY.partial(0), 41L));
        task.commitTransaction();
        await().atMost(WITHIN).until(() -> counts.used(OFFER_DAILY) == 43L);
      }
    }
  }

  private static KafkaProducer<String, Long> transactional(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "click-streams-task"), new StringSerializer(), new LongSerializer());
  }
}
