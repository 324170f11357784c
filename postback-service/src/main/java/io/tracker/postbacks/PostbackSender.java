package io.tracker.postbacks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracker.events.PostbackAttempt;
import io.tracker.events.PostbackCallState;
import io.tracker.events.PostbackStatus;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the pending postback calls: not a Streams processor (an HTTP call must never hold up a stream thread)
 * but a component beside the Streams app. It schedules from the compacted pending topic ({@link PendingReader},
 * {@link Schedule}), sends what is due through per-target lanes ({@link HostLanes}, {@link CallClient}) and records
 * each attempt in Kafka; only a recorded attempt moves the call on. A 2xx delivers a call; anything else is tried
 * again after a growing delay ({@link RetryPolicy}) until the horizon, then it has FAILED.
 *
 * <p>The one window: a call made whose attempt was not recorded before the process died is made again after the
 * restart (the receiver deduplicates by #leadid#). A call whose 2xx was recorded is never made again.
 */
final class PostbackSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostbackSender.class);
  private static final Duration DISPATCH_WAKE = Duration.ofSeconds(1);
  private static final Duration RECORD_RETRY = Duration.ofSeconds(1);
  private static final AvroSerde<PostbackAttempt> ATTEMPTS = AvroSerde.of(PostbackAttempt.class);

  private final Clock clock = Clock.systemUTC();
  private final Schedule schedule = new Schedule(clock);
  private final CallClient client;
  private final RetryPolicy retries;
  private final HostLanes lanes;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final PendingReader reader;
  private final ScheduledExecutorService timer;
  private final Thread dispatcher;
  private final Map<PostbackStatus, Counter> outcomes;
  private final Timer deliveryLatency;
  private volatile boolean running = true;

  PostbackSender(PostbackConfig config, CallClient client, ScheduledExecutorService timer, MeterRegistry registry) {
    this.client = client;
    this.timer = timer;
    this.retries = RetryPolicy.of(config);
    this.lanes = new HostLanes(config.perHostConcurrency(), config.maxInFlight(), this::attempt);
    String bootstrap = config.streams().bootstrapServers();
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, config.senderGroup() + "-attempts",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.reader = new PendingReader(new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(),
        new ByteArrayDeserializer()), admin, config.streams().applicationId(), schedule,
        partitions -> withdraw(due -> partitions.contains(due.partition())), producer::flush);
    this.dispatcher = new Thread(this::dispatch, "postback-dispatcher");
    this.dispatcher.setDaemon(true);
    this.outcomes = Map.of(
        PostbackStatus.DELIVERED, outcomeCounter(registry, "delivered"),
        PostbackStatus.PENDING, outcomeCounter(registry, "retry"),
        PostbackStatus.FAILED, outcomeCounter(registry, "failed"));
    this.deliveryLatency = Timer.builder("postback.delivery.latency")
        .description("from the conversion to the 2xx of its postback call").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(2)).register(registry);
    Gauge.builder("postback.pending.calls", schedule, Schedule::pending)
        .description("postback calls not delivered or failed yet, in this sender's partitions").register(registry);
  }

  private static Counter outcomeCounter(MeterRegistry registry, String outcome) {
    return Counter.builder("postback.calls").tag("outcome", outcome)
        .description("postback attempts by outcome: delivered, retry (tried again later), failed (gave up)")
        .register(registry);
  }

  private static Map<String, Object> consumerConfig(PostbackConfig config) {
    Map<String, Object> props = new java.util.HashMap<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.streams().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, config.senderGroup(),
        ConsumerConfig.CLIENT_ID_CONFIG, config.senderGroup(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    if (config.streams().staticMembership()) {
      // restarted after a crash, this sender takes its partitions back at once instead of after the session timeout
      props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, (config.senderGroup() + "-" + config.streams().queryHost()
          + "-" + config.streams().queryPort()).replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    return props;
  }

  void start() {
    reader.start();
    dispatcher.start();
  }

  private void dispatch() {
    try {
      while (running) {
        schedule.awaitDue(DISPATCH_WAKE).forEach(lanes::submit);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Calls waiting in their lanes that will not be sent by this sender after all go back to the schedule. */
  private void withdraw(Predicate<Schedule.Due> which) {
    lanes.withdraw(which).forEach(schedule::putBack);
  }

  /** One attempt of a due call: sent, then recorded; the lane is free again once the record is in Kafka. */
  private CompletableFuture<Void> attempt(Schedule.Due due) {
    PostbackCallState state = due.state();
    return client.attempt(state).thenCompose(answer -> record(state, answer)).whenComplete((done, failure) -> {
      if (failure == null) {
        return;
      }
      // not recorded: the call stays pending in Kafka, and is made again by whoever sends its partition next
      if (running) {
        log.error("postback call {} could not be recorded; it waits for a restart", due.callId(), failure);
      } else {
        schedule.putBack(due);
      }
    });
  }

  private CompletableFuture<Void> record(PostbackCallState state, CallClient.Answer answer) {
    Instant now = clock.instant();
    int number = state.getAttempts() + 1;
    Instant first = state.getFirstAttemptAt() == null ? now : state.getFirstAttemptAt();
    Instant next = answer.delivered() ? null : retries.nextAttempt(number, first, now);
    PostbackStatus status = answer.delivered() ? PostbackStatus.DELIVERED
        : next == null ? PostbackStatus.FAILED : PostbackStatus.PENDING;
    PostbackAttempt attempt = new PostbackAttempt(state.getCall().getCallId(), state.getCall().getConversionTime(),
        number, now, answer.url(), answer.httpStatus(), answer.error(), status, next);
    CompletableFuture<Void> recorded = new CompletableFuture<>();
    send(attempt, recorded);
    return recorded.thenRun(() -> {
      schedule.done(attempt.getCallId(), attempt);
      outcomes.get(status).increment();
      if (status == PostbackStatus.DELIVERED) {
        deliveryLatency.record(Duration.between(state.getCall().getConversionTime(), now));
      } else if (status == PostbackStatus.FAILED) {
        log.info("postback call {} FAILED after {} attempts: {}", attempt.getCallId(), number, answer.error());
      }
    });
  }

  /** Sends the attempt's record until Kafka takes it: the call stays this sender's until then. */
  private void send(PostbackAttempt attempt, CompletableFuture<Void> recorded) {
    producer.send(new ProducerRecord<>(Topics.POSTBACK_ATTEMPTS, attempt.getCallId(), ATTEMPTS.encode(attempt)),
        (written, failure) -> {
          if (failure == null) {
            recorded.complete(null);
          } else if (!running) {
            recorded.completeExceptionally(failure);
          } else {
            log.warn("the attempt of postback call {} could not be recorded, trying again: {}", attempt.getCallId(),
                failure.toString());
            timer.schedule(() -> send(attempt, recorded), RECORD_RETRY.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  @Override
  public void close() {
    running = false;
    schedule.wake();
    dispatcher.interrupt();
    try {
      dispatcher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    withdraw(due -> true);
    reader.close(); // gives the partitions up: the calls in flight finish and are recorded first
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
