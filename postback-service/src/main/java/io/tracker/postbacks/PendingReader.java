package io.tracker.postbacks;

import io.tracker.events.PostbackCallState;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted pending topic into the sender's {@link Schedule}: a consumer in the senders' group, each
 * partition read from its beginning when it is assigned (the topic holds the calls still pending, and tombstones).
 *
 * <p>A partition is handed over cleanly: before its calls are sent, the attempts that earlier owners recorded in it
 * must be in the states read. So the partition becomes ready only once the Streams app has committed its reading of
 * the attempts partition up to where it ended at assignment, and this reader has read the pending partition past
 * everything written by then (read_committed, so past every transaction open at that moment). A sender that gives a
 * partition up first finishes its calls in flight and records them.
 */
final class PendingReader implements ConsumerRebalanceListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PendingReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than a call can take: its request timeout, a click look-up and the record of its attempt. */
  private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(30);
  private static final AvroSerde<PostbackCallState> STATES = AvroSerde.of(PostbackCallState.class);

  /** Where a newly assigned partition stands: the attempts end to wait for, then the pending offset to read to. */
  private static final class HandOver {
    private Long attemptsEnd;
    private Long pendingTarget;
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final String streamsGroup;
  private final Schedule schedule;
  private final Consumer<Set<Integer>> withdraw;
  private final Runnable flushAttempts;
  private final Map<Integer, HandOver> handOvers = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;

  /**
   * @param withdraw takes the partitions' calls that wait for a slot back into the schedule (they are not sent)
   * @param flushAttempts waits until every attempt sent to Kafka is recorded there
   */
  PendingReader(KafkaConsumer<String, byte[]> consumer, Admin admin, String streamsGroup, Schedule schedule,
      Consumer<Set<Integer>> withdraw, Runnable flushAttempts) {
    this.consumer = consumer;
    this.admin = admin;
    this.streamsGroup = streamsGroup;
    this.schedule = schedule;
    this.withdraw = withdraw;
    this.flushAttempts = flushAttempts;
    this.thread = new Thread(this::run, "postback-pending-reader");
    this.thread.setDaemon(true);
  }

  void start() {
    started = true;
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.POSTBACK_PENDING), this);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          apply(record);
        }
        advanceHandOvers();
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("postback pending reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("postback pending reader stopped: no postback is sent until a restart", e);
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.groupMembershipOperation(
          org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    PostbackCallState state;
    try {
      state = record.value() == null ? null : STATES.decode(record.value());
    } catch (SerializationException e) {
      log.warn("skipping unreadable pending postback {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.toString());
      return;
    }
    schedule.apply(record.partition(), record.key(), state);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    Set<Integer> partitions = numbers(assigned);
    schedule.own(partitions);
    consumer.seekToBeginning(assigned);
    partitions.forEach(partition -> handOvers.put(partition, new HandOver()));
    log.info("postback sender took pending partitions {}", partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    if (revoked.isEmpty()) {
      return;
    }
    Set<Integer> partitions = numbers(revoked);
    partitions.forEach(handOvers::remove);
    withdraw.accept(partitions);
    schedule.release(partitions);
    try {
      if (!schedule.awaitNoneInFlight(partitions, HAND_OVER_WAIT)) {
        log.warn("postback calls of partitions {} still in flight after {}: their next owner may send them again",
            partitions, HAND_OVER_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushAttempts.run();
  }

  /** Moves each newly assigned partition on towards ready; asks Kafka only while some are on their way. */
  private void advanceHandOvers() {
    if (handOvers.isEmpty()) {
      return;
    }
    try {
      List<Integer> unknown = handOvers.entrySet().stream().filter(entry -> entry.getValue().attemptsEnd == null)
          .map(Map.Entry::getKey).toList();
      if (!unknown.isEmpty()) {
        // where the attempts recorded so far end (no transactions write there: the end is the end)
        ends(Topics.POSTBACK_ATTEMPTS, unknown, IsolationLevel.READ_COMMITTED)
            .forEach((partition, end) -> handOvers.get(partition).attemptsEnd = end);
      }
      Map<TopicPartition, OffsetAndMetadata> folded = admin.listConsumerGroupOffsets(Map.of(streamsGroup,
              new ListConsumerGroupOffsetsSpec().topicPartitions(handOvers.keySet().stream()
                  .map(partition -> new TopicPartition(Topics.POSTBACK_ATTEMPTS, partition)).toList())))
          .partitionsToOffsetAndMetadata(streamsGroup).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<Integer> foldedUp = handOvers.entrySet().stream()
          .filter(entry -> entry.getValue().pendingTarget == null)
          .filter(entry -> {
            OffsetAndMetadata offset = folded.get(new TopicPartition(Topics.POSTBACK_ATTEMPTS, entry.getKey()));
            return (offset == null ? 0 : offset.offset()) >= entry.getValue().attemptsEnd;
          })
          .map(Map.Entry::getKey).toList();
      if (!foldedUp.isEmpty()) {
        // everything written to the pending partitions so far, open transactions included
        ends(Topics.POSTBACK_PENDING, foldedUp, IsolationLevel.READ_UNCOMMITTED)
            .forEach((partition, end) -> handOvers.get(partition).pendingTarget = end);
      }
    } catch (ExecutionException | TimeoutException e) {
      log.debug("postback hand-over check failed, asking again: {}", e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    handOvers.entrySet().removeIf(entry -> {
      Long target = entry.getValue().pendingTarget;
      if (target == null || consumer.position(new TopicPartition(Topics.POSTBACK_PENDING, entry.getKey())) < target) {
        return false;
      }
      schedule.ready(entry.getKey());
      return true;
    });
  }

  /** The end offsets of these partitions of a topic, by partition number. */
  private Map<Integer, Long> ends(String topic, List<Integer> partitions, IsolationLevel isolation)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin.listOffsets(partitions.stream().collect(Collectors.toMap(
            partition -> new TopicPartition(topic, partition), partition -> OffsetSpec.latest())),
            new ListOffsetsOptions(isolation))
        .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
        .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
  }

  private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    running = false;
    if (!started) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(HAND_OVER_WAIT.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
