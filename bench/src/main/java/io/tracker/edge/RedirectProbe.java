package io.tracker.edge;

import io.tracker.events.Click;
import io.tracker.platform.ConfigCheck;
import io.tracker.schemas.AvroSerde;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's design with nothing of the click in it: the edge's Undertow listener answers 302 on the IO thread
 * and hands each request's event (a click-sized record) straight to a Kafka producer with the edge's settings
 * (idempotent, acks=all). No journal, no catalog, no cookies, no Avro per request: the ceiling the edge is
 * measured against, beside nginx. {@code RedirectProbe <port> <bootstrap servers> <partitions>}; on SIGTERM it
 * prints how many records Kafka acknowledged.
 */
public final class RedirectProbe {
  private static final Logger log = LoggerFactory.getLogger(RedirectProbe.class);
  static final String TOPIC = "bench.redirect-probe";
  private static final String LOCATION = "https://shop.example.com/landing?aff=1&sub=news&click=AAAAAAAAAAAAAAAAAAAAAAAA";

  private final KafkaProducer<byte[], byte[]> producer;
  private final byte[] template;
  private final LongAdder answered = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private RedirectProbe(String bootstrapServers) {
    this.producer = new KafkaProducer<>(JournalShipper.producerSettings(bootstrapServers, "redirect-probe"),
        new ByteArraySerializer(), new ByteArraySerializer());
    this.producer.partitionsFor(TOPIC); // metadata before the first request, as the edge's shipper has it
    this.template = AvroSerde.of(Click.class).encode(Click.newBuilder().setClickId("AAAAAAAAAAAAAAAAAAAAAAAA")
        .setVisitorId("AAAAAAAAAAA").setTime(Instant.now()).setAffiliateId(12).setCreativeId(345).setOfferId(345L)
        .setCampaignId(345L).setAdvertiserId(1L).setS1("news").setIp("127.0.0.1").setUserAgent("wrk")
        .setRedirectUrl(LOCATION).build());
  }

  private void handle(HttpServerExchange exchange) {
    // a click's worth of bytes that differ per request (its ids), keyed by a random visitor
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] key = new byte[8];
    random.nextBytes(key);
    byte[] value = template.clone();
    for (int i = 10; i < 34; i++) {
      value[i] = (byte) random.nextInt();
    }
    producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
      if (error == null) {
        acknowledged.increment();
      } else {
        failed.increment();
      }
    });
    answered.increment();
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.LOCATION, LOCATION);
    exchange.endExchange();
  }

  private void close() {
    producer.close();
    log.info("probe answered={} acknowledged={} failed={}", answered.sum(), acknowledged.sum(), failed.sum());
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    int port = Integer.parseInt(args[0]);
    String bootstrapServers = args[1];
    int partitions = Integer.parseInt(args[2]);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    RedirectProbe probe = new RedirectProbe(bootstrapServers);
    // the edge's listener, options and IO threads included (EDGE_IO_THREADS applies here too)
    EdgeConfig config = EdgeConfig.load(ConfigCheck.load(Map.of("edge.port", port, "edge.host", "127.0.0.1",
        "kafka.bootstrapServers", bootstrapServers)));
    Undertow server = EdgeApp.listener(config, probe::handle).build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      probe.close();
    }, "probe-shutdown"));
    log.info("probe listening on 127.0.0.1:{}", port);
  }
}
