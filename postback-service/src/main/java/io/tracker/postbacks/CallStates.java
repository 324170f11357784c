package io.tracker.postbacks;

import io.tracker.events.PostbackAttempt;
import io.tracker.events.PostbackCall;
import io.tracker.events.PostbackCallState;
import io.tracker.events.PostbackStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds calls and their attempts into each call's state (the store the report reads) and publishes the state of
 * every call still pending, keyed by call id, with a tombstone once it is delivered or failed: the compacted topic
 * the sender schedules from. A call already known is not made again; an attempt already folded (the sender
 * recording it twice) is not counted again.
 */
final class CallStates implements Processor<String, SpecificRecord, String, PostbackCallState> {
  private static final Logger log = LoggerFactory.getLogger(CallStates.class);
  /** How often (wall-clock) calls past the report retention are dropped. */
  static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

  private final Duration retention;
  private ProcessorContext<String, PostbackCallState> context;
  private KeyValueStore<CallKey, PostbackCallState> states;

  CallStates(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, PostbackCallState> context) {
    this.context = context;
    this.states = context.getStateStore(PostbackStores.CALLS);
    context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof PostbackCall call) {
      onCall(record, call);
    } else if (record.value() instanceof PostbackAttempt attempt) {
      onAttempt(record, attempt);
    }
  }

  private void onCall(Record<String, SpecificRecord> record, PostbackCall call) {
    CallKey key = new CallKey(call.getConversionTime(), call.getCallId());
    if (states.get(key) != null) {
      return; // decided before (a replay, or a conversion decided again): one call
    }
    if (call.getConversionTime().isBefore(Instant.ofEpochMilli(context.currentSystemTimeMs()).minus(retention))) {
      log.warn("not calling postback {} for conversion {}: it is older than the report retention ({})",
          call.getPostbackId(), call.getConversionId(), retention);
      return;
    }
    PostbackCallState state = PostbackCallState.newBuilder().setCall(call).setStatus(PostbackStatus.PENDING)
        .setAttempts(0).setNextAttemptAt(call.getConversionTime()).build();
    states.put(key, state);
    context.forward(record.withKey(call.getCallId()).withValue(state));
  }

  private void onAttempt(Record<String, SpecificRecord> record, PostbackAttempt attempt) {
    CallKey key = new CallKey(attempt.getConversionTime(), attempt.getCallId());
    PostbackCallState known = states.get(key);
    if (known == null) {
      // expired, or never made: nothing to schedule
      context.forward(record.withKey(attempt.getCallId()).withValue(null));
      return;
    }
    if (attempt.getAttempt() <= known.getAttempts() || known.getStatus() != PostbackStatus.PENDING) {
      return; // recorded twice, or a late duplicate of a call already delivered or failed: it changes nothing
    }
    PostbackCallState state = fold(known, attempt);
    states.put(key, state);
    context.forward(record.withKey(attempt.getCallId())
        .withValue(state.getStatus() == PostbackStatus.PENDING ? state : null));
  }

  /** A call's state after one more attempt. */
  static PostbackCallState fold(PostbackCallState known, PostbackAttempt attempt) {
    return PostbackCallState.newBuilder(known)
        .setStatus(attempt.getStatus())
        .setAttempts(attempt.getAttempt())
        .setFirstAttemptAt(known.getFirstAttemptAt() == null ? attempt.getAt() : known.getFirstAttemptAt())
        .setLastAttemptAt(attempt.getAt())
        .setNextAttemptAt(attempt.getNextAttemptAt() == null ? attempt.getAt() : attempt.getNextAttemptAt())
        .setSentUrl(attempt.getUrl() == null ? known.getSentUrl() : attempt.getUrl())
        .setLastHttpStatus(attempt.getHttpStatus())
        .setLastError(attempt.getError())
        .build();
  }

  /** Drops the delivered and failed calls older than the retention: a range at the start of the store, nothing more. */
  private void expire(long now) {
    List<CallKey> expired = new ArrayList<>();
    try (KeyValueIterator<CallKey, PostbackCallState> old =
        states.range(CallKey.first(Instant.EPOCH), CallKey.first(Instant.ofEpochMilli(now).minus(retention)))) {
      old.forEachRemaining(entry -> {
        if (entry.value.getStatus() != PostbackStatus.PENDING) {
          expired.add(entry.key);
        }
      });
    }
    expired.forEach(states::delete);
  }
}
