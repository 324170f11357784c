package io.tracker.bench;

import io.tracker.attribution.AttributionConfig;
import io.tracker.attribution.AttributionApp;
import io.tracker.catalog.AttributionModel;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Conversion;
import io.tracker.events.Disposition;
import io.tracker.events.JudgedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.embedded.FreePort;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the attribution topology: {@code AttributionBenchmark <bootstrap servers> [clicks] [conversions]}
 * against a running {@link StandaloneBroker}. Produces an hour of processed clicks and conversions ahead (every
 * model, bots and duplicate clicks, transaction ids with repeats, conversions sent twice), after an hour of 30% of
 * that traffic to warm up on, then runs the topology on one stream thread with exactly-once from the start of the
 * topics, and measures from the publication of the warm-up conversions until every conversion is published.
 * Prints {@code attribution events=.. seconds=.. -> N events/s}.
 */
public final class AttributionBenchmark {
  private static final Logger log = LoggerFactory.getLogger(AttributionBenchmark.class);
  private static final Duration GIVE_UP = Duration.ofMinutes(20);
  private static final int VISITORS = 250_000;
  private static final int AFFILIATES = 50;
  private static final int OFFERS = 20;

  private AttributionBenchmark() {}

  public static void main(String[] args) throws Exception {
    String bootstrapServers = args[0];
    int clicks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int conversions = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    // an hour of the same traffic (30% of it) before, to warm up on
    int warmupClicks = clicks * 3 / 10;
    int warmupConversions = conversions * 3 / 10;
    int warmup = new Traffic(start.minus(Duration.ofHours(1)), warmupClicks, warmupConversions).send(bootstrapServers);
    int expected = warmup + new Traffic(start, clicks, conversions).send(bootstrapServers);
    log.info("produced {} processed clicks and {} conversions ({} distinct), and {} of each to warm up", clicks,
        conversions, expected - warmup, warmupClicks + warmupConversions);

    Path state = Files.createTempDirectory("attribution-bench");
    AttributionConfig config = AttributionConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", bootstrapServers,
        "attribution.applicationId", "attribution-bench-" + UUID.randomUUID(),
        "attribution.queryPort", FreePort.find(),
        "attribution.stateDir", state.toString(),
        "internal.key", "bench-internal-key")));
    try (KafkaStreams streams = new KafkaStreams(AttributionApp.buildTopology(config),
        AttributionApp.streamsConfig(config))) {
      streams.start();
      // the clock starts once the warm-up conversions are published: the JIT has compiled the event path by then,
      // and the start-up (group join, store opening) is behind
      long[] began = new long[1];
      awaitPublished(bootstrapServers, expected, warmup, () -> began[0] = System.nanoTime());
      double seconds = (System.nanoTime() - began[0]) / 1e9;
      long events = (long) clicks + conversions;
      // the one line the benchmark exists for; bench/attribution and bench/report.py read it
      log.info("attribution events={} total_events={} seconds={} -> {} events/s", events,
          events + warmupClicks + warmupConversions, String.format("%.1f", seconds),
          String.format("%,d", Math.round(events / seconds)));
    }
    StateSizes.logAndDelete(state, (long) clicks + conversions + warmupClicks + warmupConversions);
  }

  /**
   * Reads the attributed conversions as a report would (read_committed) until every conversion is there; runs
   * warmedUp once the first {@code warmup} are.
   */
  private static void awaitPublished(String bootstrapServers, int expected, int warmup, Runnable warmedUp) {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "attribution-bench-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.ATTRIBUTED_CONVERSIONS));
      AvroSerde<AttributedConversion> serde = AvroSerde.of(AttributedConversion.class);
      Set<String> published = new HashSet<>();
      boolean warm = false;
      while (published.size() < expected) {
        if (!warm && published.size() >= warmup) {
          warm = true;
          warmedUp.run();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + published.size() + " of " + expected + " published in " + GIVE_UP);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(record ->
            published.add(serde.decode(record.value()).getConversion().getConversionId()));
      }
    }
  }

  /**
   * An hour of traffic: clicks of returning visitors on offers whose model is the offer id's (so every model
   * runs), 5% bots and 2% duplicate clicks; conversions a little after one of their visitor's clicks, most
   * naming it, half with a transaction id (1% repeating an earlier one), 0.5% sent twice.
   */
  private static final class Traffic {
    private static final AttributionModel[] MODELS = AttributionModel.values();

    private final Random random = new Random(7);
    private final Instant start;
    private final int clicks;
    private final int conversions;
    private final String[] visitors = new String[VISITORS];
    private final AtomicLong failed = new AtomicLong();

    Traffic(Instant start, int clicks, int conversions) {
      this.start = start;
      this.clicks = clicks;
      this.conversions = conversions;
      for (int i = 0; i < VISITORS; i++) {
        visitors[i] = VisitorId.mint();
      }
    }

    /** Sends everything; returns the number of distinct conversions. */
    int send(String bootstrapServers) {
      AvroSerde<JudgedClick> clickSerde = ProcessedClicks.JUDGED;
      AvroSerde<Conversion> conversionSerde = AvroSerde.of(Conversion.class);
      long step = Duration.ofHours(1).toMillis() * 1000 / clicks; // microseconds between clicks
      int clicksPerConversion = clicks / conversions;
      Set<String> distinct = new HashSet<>();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
          ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
        Conversion previous = null;
        for (int i = 0; i < clicks; i++) {
          String visitor = visitors[random.nextInt(VISITORS)];
          JudgedClick click = click(visitor, start.plusMillis(i * step / 1000));
          send(producer, Topics.PROCESSED_CLICKS, visitor, Instant.ofEpochMilli(click.getTime()), clickSerde.encode(click));
          // conversions keep to the first 55 minutes: every one has later clicks to complete its history
          if (i % clicksPerConversion == 0 && i < clicks * 55L / 60) {
            Conversion conversion = conversion(visitor, click, previous);
            distinct.add(conversion.getConversionId());
            send(producer, Topics.CONVERSIONS, conversion.getVisitorId(), conversion.getTime(),
                conversionSerde.encode(conversion));
            if (random.nextInt(200) == 0) {
              send(producer, Topics.CONVERSIONS, conversion.getVisitorId(), conversion.getTime(),
                  conversionSerde.encode(conversion));
            }
            previous = conversion;
          }
        }
      }
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " events were not taken by the broker");
      }
      return distinct.size();
    }

    private void send(KafkaProducer<String, byte[]> producer, String topic, String key, Instant time, byte[] value) {
      producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), key, value), (written, e) -> {
        if (e != null) {
          failed.incrementAndGet();
        }
      });
    }

    private JudgedClick click(String visitor, Instant time) {
      long offer = 1 + random.nextInt(OFFERS);
      long affiliate = 1 + random.nextInt(AFFILIATES);
      int kind = random.nextInt(100);
      Disposition disposition = kind < 5 ? Disposition.BOT : kind < 7 ? Disposition.DUPLICATE
          : kind < 40 ? Disposition.REPEAT : Disposition.UNIQUE;
      return JudgedClick.newBuilder()
          .setClickId(ClickId.create(time.toEpochMilli(), visitor, false))
          .setTime(time.toEpochMilli())
          .setAffiliateId(affiliate)
          .setCreativeId(offer * 10)
          .setOfferId(offer)
          .setCampaignId(affiliate * 100 + offer)
          .setS1("placement-" + random.nextInt(10))
          .setAttributionModel(MODELS[(int) (offer % MODELS.length)])
          .setPayoutMicros(1_000_000 + affiliate * 10_000)
          .setDisposition(disposition)
          .setDeviceClass("Desktop").setBrowser("Chrome").setOs("Windows NT")
          .build();
    }

    private Conversion conversion(String visitor, JudgedClick click, Conversion previous) {
      Instant time = Instant.ofEpochMilli(click.getTime()).plusMillis(random.nextInt(60_000));
      boolean repeat = previous != null && previous.getTransactionId() != null && random.nextInt(100) == 0;
      return Conversion.newBuilder()
          .setConversionId(ClickId.create(time.toEpochMilli(), visitor, false))
          .setVisitorId(visitor)
          .setTime(time)
          .setOfferId(click.getOfferId())
          .setAdvertiserId(click.getOfferId() * 1000)
          .setClickId(random.nextInt(10) < 7 ? click.getClickId() : null)
          .setTransactionId(repeat ? previous.getTransactionId() : random.nextBoolean() ? UUID.randomUUID().toString() : null)
          .setRevenueMicros(5_000_000 + random.nextInt(5_000_000))
          .build();
    }
  }
}
