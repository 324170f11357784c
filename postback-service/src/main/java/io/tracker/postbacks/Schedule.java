package io.tracker.postbacks;

import io.tracker.events.PostbackAttempt;
import io.tracker.events.PostbackCallState;
import io.tracker.events.PostbackStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sender's schedule: the pending calls of the partitions it owns, each due at its next attempt time as the
 * compacted pending topic says (so a restart resumes the retries where they were). A partition's calls are only
 * sent once it is {@link #ready}: once every attempt recorded before this sender took it is in the state it read.
 *
 * <p>A call taken to be sent stays this sender's until its attempt is recorded ({@link #done}); states read in the
 * meantime, or older than what this sender recorded, change nothing. A call that ended waits for its tombstone, so
 * that a state of it still on its way is not scheduled again.
 */
final class Schedule {
  /** A call taken to be sent, as scheduled, and the partition it belongs to. */
  record Due(PostbackCallState state, int partition) {
    String callId() {
      return state.getCall().getCallId();
    }
  }

  private static final class Entry {
    private final String callId;
    private final int partition;
    private PostbackCallState state;
    private boolean taken;
    private boolean dropped;

    Entry(String callId, int partition, PostbackCallState state) {
      this.callId = callId;
      this.partition = partition;
      this.state = state;
    }

    long due() {
      return state.getNextAttemptAt().toEpochMilli();
    }
  }

  private record Ended(int partition, int attempts) {}

  private static final Comparator<Entry> BY_DUE = Comparator.comparingLong(Entry::due).thenComparing(e -> e.callId);

  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();
  /** The entries of ready partitions that are not taken, soonest first. */
  private final TreeSet<Entry> queue = new TreeSet<>(BY_DUE);
  private final Map<String, Ended> ended = new HashMap<>();
  private final Set<Integer> owned = new HashSet<>();
  private final Set<Integer> ready = new HashSet<>();

  Schedule(Clock clock) {
    this.clock = clock;
  }

  /** The partitions were assigned to this sender: their states are read, but nothing is sent yet. */
  synchronized void own(Collection<Integer> partitions) {
    owned.addAll(partitions);
  }

  /** The partition's state is complete: its calls may be sent. */
  synchronized void ready(int partition) {
    if (!owned.contains(partition)) {
      return;
    }
    ready.add(partition);
    for (Entry entry : entries.values()) {
      if (entry.partition == partition && !entry.taken) {
        queue.add(entry);
      }
    }
    notifyAll();
  }

  /** The partitions went to another sender: their calls are forgotten (those in flight finish and are recorded). */
  synchronized void release(Collection<Integer> partitions) {
    owned.removeAll(partitions);
    ready.removeAll(partitions);
    entries.values().removeIf(entry -> {
      if (!partitions.contains(entry.partition) || entry.taken) {
        return false;
      }
      queue.remove(entry);
      return true;
    });
    ended.values().removeIf(end -> partitions.contains(end.partition()));
    notifyAll();
  }

  /** Waits until no call of these partitions is in flight any more, at most the bound; false when some still are. */
  synchronized boolean awaitNoneInFlight(Collection<Integer> partitions, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (entries.values().stream().anyMatch(entry -> entry.taken && partitions.contains(entry.partition))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** A state read from the pending topic (null: its tombstone, the call was delivered or failed). */
  synchronized void apply(int partition, String callId, PostbackCallState state) {
    if (!owned.contains(partition)) {
      return;
    }
    Entry entry = entries.get(callId);
    if (state == null) {
      ended.remove(callId);
      if (entry != null && entry.taken) {
        entry.dropped = true;
      } else if (entry != null) {
        queue.remove(entry);
        entries.remove(callId);
      }
      return;
    }
    Ended end = ended.get(callId);
    if (end != null && state.getAttempts() <= end.attempts()) {
      return;
    }
    if (entry != null) {
      if (entry.taken || state.getAttempts() < entry.state.getAttempts()) {
        return;
      }
      queue.remove(entry);
      entry.state = state;
    } else {
      entry = new Entry(callId, partition, state);
      entries.put(callId, entry);
    }
    if (ready.contains(partition)) {
      queue.add(entry);
      notifyAll();
    }
  }

  /** Takes every call due now; waits for the first one up to {@code maxWait} (empty when none came due). */
  synchronized List<Due> awaitDue(Duration maxWait) throws InterruptedException {
    long deadline = clock.millis() + maxWait.toMillis();
    while (true) {
      long now = clock.millis();
      if (!queue.isEmpty() && queue.first().due() <= now) {
        List<Due> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.first().due() <= now) {
          Entry entry = queue.pollFirst();
          entry.taken = true;
          due.add(new Due(entry.state, entry.partition));
        }
        return due;
      }
      long until = queue.isEmpty() ? deadline : Math.min(deadline, queue.first().due());
      if (until <= now) {
        return List.of();
      }
      wait(until - now);
    }
  }

  /** The attempt of a taken call is recorded in Kafka: the call is done, or due again at its next attempt. */
  synchronized void done(String callId, PostbackAttempt attempt) {
    Entry entry = entries.get(callId);
    if (entry == null) {
      return;
    }
    entry.taken = false;
    boolean mine = owned.contains(entry.partition);
    if (!mine || entry.dropped || attempt.getStatus() != PostbackStatus.PENDING) {
      entries.remove(callId);
      if (mine && attempt.getStatus() != PostbackStatus.PENDING) {
        ended.put(callId, new Ended(entry.partition, attempt.getAttempt()));
      }
    } else {
      entry.state = CallStates.fold(entry.state, attempt);
      if (ready.contains(entry.partition)) {
        queue.add(entry);
      }
    }
    notifyAll();
  }

  /** A taken call that was not sent after all (withdrawn from its lane): it is scheduled as it was. */
  synchronized void putBack(Due due) {
    Entry entry = entries.get(due.callId());
    if (entry == null || !entry.taken) {
      return;
    }
    entry.taken = false;
    if (!owned.contains(entry.partition) || entry.dropped) {
      entries.remove(entry.callId);
    } else if (ready.contains(entry.partition)) {
      queue.add(entry);
    }
    notifyAll();
  }

  /** Calls not delivered or failed yet, in this sender's partitions (in flight included). */
  synchronized int pending() {
    return entries.size();
  }

  /** Wakes a waiting {@link #awaitDue} (e.g. to stop). */
  synchronized void wake() {
    notifyAll();
  }
}
