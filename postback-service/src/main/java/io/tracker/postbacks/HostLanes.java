package io.tracker.postbacks;

import io.tracker.platform.postback.PostbackUrl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Due calls queue per target (host and port) and at most {@code perHost} of one target are in flight at once, and
 * {@code maxInFlight} in all: a slow or dead affiliate server fills its own lane, never the others'. A call leaves
 * its lane when its attempt is over (answered, timed out, refused) and recorded.
 */
final class HostLanes {
  private final int perHost;
  private final int maxInFlight;
  private final Function<Schedule.Due, CompletionStage<?>> attempt;
  private final Map<String, ArrayDeque<Schedule.Due>> waiting = new LinkedHashMap<>();
  private final Map<String, Integer> running = new HashMap<>();
  private int inFlight;

  HostLanes(int perHost, int maxInFlight, Function<Schedule.Due, CompletionStage<?>> attempt) {
    this.perHost = perHost;
    this.maxInFlight = maxInFlight;
    this.attempt = attempt;
  }

  void submit(Schedule.Due due) {
    List<Started> starts;
    synchronized (this) {
      waiting.computeIfAbsent(target(due), target -> new ArrayDeque<>()).add(due);
      starts = startable();
    }
    start(starts);
  }

  /** Takes the calls that wait for a slot (not started yet) and match, off their lanes. */
  synchronized List<Schedule.Due> withdraw(Predicate<Schedule.Due> which) {
    List<Schedule.Due> withdrawn = new ArrayList<>();
    for (Iterator<ArrayDeque<Schedule.Due>> lanes = waiting.values().iterator(); lanes.hasNext(); ) {
      ArrayDeque<Schedule.Due> lane = lanes.next();
      lane.removeIf(due -> which.test(due) && withdrawn.add(due));
      if (lane.isEmpty()) {
        lanes.remove();
      }
    }
    return withdrawn;
  }

  /** Calls waiting for a free slot of their target, and in flight. */
  synchronized int queued() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum() + inFlight;
  }

  static String target(Schedule.Due due) {
    String url = due.state().getSentUrl() != null ? due.state().getSentUrl() : due.state().getCall().getUrl();
    return PostbackUrl.authority(url).toLowerCase(Locale.ROOT);
  }

  private record Started(String target, Schedule.Due due) {}

  /** Takes what may start now off the lanes; the caller starts them outside the lock. */
  private List<Started> startable() {
    List<Started> starts = new ArrayList<>();
    for (Iterator<Map.Entry<String, ArrayDeque<Schedule.Due>>> lanes = waiting.entrySet().iterator();
        lanes.hasNext() && inFlight < maxInFlight; ) {
      Map.Entry<String, ArrayDeque<Schedule.Due>> lane = lanes.next();
      String target = lane.getKey();
      while (!lane.getValue().isEmpty() && running.getOrDefault(target, 0) < perHost && inFlight < maxInFlight) {
        starts.add(new Started(target, lane.getValue().poll()));
        running.merge(target, 1, Integer::sum);
        inFlight++;
      }
      if (lane.getValue().isEmpty()) {
        lanes.remove();
      }
    }
    return starts;
  }

  private void start(List<Started> starts) {
    for (Started started : starts) {
      CompletionStage<?> stage;
      try {
        stage = attempt.apply(started.due());
      } catch (RuntimeException e) {
        finished(started.target());
        throw e;
      }
      stage.whenComplete((result, failure) -> finished(started.target()));
    }
  }

  private void finished(String target) {
    List<Started> starts;
    synchronized (this) {
      inFlight--;
      running.computeIfPresent(target, (t, count) -> count == 1 ? null : count - 1);
      starts = startable();
    }
    start(starts);
  }
}
