package io.tracker.platform.caps;

import io.tracker.platform.TopicMirror;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * What caps have used, from the whole compacted {@link Topics#CAP_COUNTS} mirrored like the catalog: it adds up
 * the tasks' partial counts of each cap and period and swaps in a new immutable map after each batch. A lookup is
 * one map read. The edge enforces caps from it, the API reports them.
 *
 * <p>It reads the counts as click-streams writes them, before its transaction commits: the edge learns of a reached
 * cap within the emit interval, the producer's linger and its own poll (about 0.3 s), not after click-streams' next
 * commit as well (up to 1 s more). A count of an aborted transaction is harmless here: each is a task's absolute
 * count, and the task that processes the same clicks again writes it again. Until it has (a task that starts after
 * a crash first writes its committed counts), a cap may read a little lower than it was.
 */
public final class CapCounts extends TopicMirror<Long> {
  /** How long a poll waits for news: part of how late the edge learns that a cap was reached. */
  static final Duration POLL = Duration.ofMillis(100);

  private final AtomicReference<Map<CapKey, Long>> totals = new AtomicReference<>(Map.of());
  private final Map<String, Long> partials = new HashMap<>();
  private final Map<CapKey, Long> sums = new HashMap<>();

  public CapCounts(String bootstrapServers, String clientId) {
    super(bootstrapServers, clientId, List.of(Topics.CAP_COUNTS), new LongDeserializer(), POLL, true);
  }

  public CapCounts start() {
    startReading();
    return this;
  }

  /** What the cap has used in the period, all tasks together. */
  public long used(CapKey key) {
    return totals.get().getOrDefault(key, 0L);
  }

  /** Every count known now. */
  public Map<CapKey, Long> all() {
    return totals.get();
  }

  @Override
  protected void publish() {
    totals.set(Map.copyOf(sums));
  }

  @Override
  protected void apply(ConsumerRecord<String, Long> record) {
    CapKey key = CapKey.parsePartial(record.key());
    if (key == null) {
      return;
    }
    Long before = record.value() == null ? partials.remove(record.key()) : partials.put(record.key(), record.value());
    long change = (record.value() == null ? 0 : record.value()) - (before == null ? 0 : before);
    long sum = sums.getOrDefault(key, 0L) + change;
    if (sum == 0 && record.value() == null) {
      sums.remove(key);
    } else {
      sums.put(key, sum);
    }
  }
}
