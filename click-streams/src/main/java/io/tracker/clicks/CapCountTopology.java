package io.tracker.clicks;

import io.tracker.catalog.CapInterval;
import io.tracker.catalog.CapScope;
import io.tracker.catalog.CapType;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Credit;
import io.tracker.events.JudgedClick;
import io.tracker.events.RedirectReason;
import io.tracker.platform.caps.CapKey;
import io.tracker.platform.caps.CapPeriods;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts what caps count, per task, exactly-once, and publishes each task's counts to {@link Topics#CAP_COUNTS}
 * for the edge: the non-test clicks sent to the landing page that the edge marked as counting toward a click cap
 * ({@code clickCaps}), and the attributed non-test conversions of every offer and of each campaign credited. No
 * repartition: each task counts its own partitions and writes its count as an absolute value under a key of its
 * own ({@link CapKey#partial}), so a value written again after a crash is harmless; the edge adds the tasks up.
 * What changed is written every emit interval, not once per click; everything is written again when a task
 * starts (a task that moved, or one whose last counts were committed but not yet written). Counts of a period over
 * for a day are dropped, from the store and (a tombstone) from the topic.
 */
final class CapCountTopology {
  private CapCountTopology() {}

  static final String PROCESSOR = "cap-counter";
  private static final String SINK = "cap-counts";
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

  /** Needs the disposition and report topologies in the same topology: their processed clicks and conversions. */
  static Topology buildTopology(Topology topology, CapPeriods periods, Duration emitInterval) {
    return topology
        .addProcessor(PROCESSOR, () -> new CapCounter(periods, emitInterval), ClickDispositionTopology.PROCESSOR,
            ClickReportTopology.CONVERSION_SOURCE)
        .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ClickStores.CAP_COUNTS),
            Serdes.String(), Serdes.Long()), PROCESSOR)
        .addSink(SINK, Topics.CAP_COUNTS, Serdes.String().serializer(), Serdes.Long().serializer(), PROCESSOR);
  }

  /** Takes processed clicks and attributed conversions alike (two parents). */
  static final class CapCounter implements Processor<String, Object, String, Long> {
    private final CapPeriods periods;
    private final Duration emitInterval;
    private final Set<String> changed = new LinkedHashSet<>();
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> counts;
    private int partition;
    private long lastCleanup;

    CapCounter(CapPeriods periods, Duration emitInterval) {
      this.periods = periods;
      this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, Long> context) {
      this.context = context;
      this.counts = context.getStateStore(ClickStores.CAP_COUNTS);
      this.partition = context.taskId().partition();
      try (KeyValueIterator<String, Long> all = counts.all()) {
        all.forEachRemaining(entry -> changed.add(entry.key));
      }
      context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    @Override
    public void process(Record<String, Object> record) {
      if (record.value() instanceof JudgedClick click) {
        countClick(click, record.timestamp());
      } else if (record.value() instanceof AttributedConversion conversion) {
        countConversion(conversion, record.timestamp());
      }
    }

    private void countClick(JudgedClick click, long time) {
      int caps = click.getClickCaps();
      if (caps == 0 || click.getTest() || click.getRedirectReason() != RedirectReason.OK) {
        return;
      }
      CapInterval[] intervals = CapInterval.values();
      for (int bit = 0; bit < 2 * intervals.length; bit++) {
        if ((caps & (1 << bit)) != 0) {
          boolean offer = bit < intervals.length;
          add(offer ? CapScope.OFFER : CapScope.CAMPAIGN, offer ? click.getOfferId() : click.getCampaignId(),
              CapType.CLICKS, intervals[bit % intervals.length], time);
        }
      }
    }

    /** Conversions are few: every interval of the offer and of each campaign credited is counted. */
    private void countConversion(AttributedConversion attributed, long time) {
      if (attributed.getStatus() != AttributionStatus.ATTRIBUTED || attributed.getConversion().getTest()) {
        return;
      }
      for (CapInterval interval : CapInterval.values()) {
        add(CapScope.OFFER, attributed.getConversion().getOfferId(), CapType.CONVERSIONS, interval, time);
        attributed.getCredits().stream().mapToLong(Credit::getCampaignId).distinct()
            .forEach(campaign -> add(CapScope.CAMPAIGN, campaign, CapType.CONVERSIONS, interval, time));
      }
    }

    private void add(CapScope scope, long id, CapType type, CapInterval interval, long time) {
      String key = new CapKey(scope, id, type, interval, periods.start(interval, time)).text();
      Long count = counts.get(key);
      counts.put(key, count == null ? 1 : count + 1);
      changed.add(key);
    }

    /** Writes what changed since the last time, and now and then drops the counts of periods long over. */
    private void emit(long now) {
      for (String key : changed) {
        Long count = counts.get(key);
        forward(key, count, now);
      }
      changed.clear();
      if (now - lastCleanup >= CLEANUP_INTERVAL.toMillis()) {
        lastCleanup = now;
        dropPeriodsOver(now);
      }
    }

    private void dropPeriodsOver(long now) {
      try (KeyValueIterator<String, Long> all = counts.all()) {
        while (all.hasNext()) {
          KeyValue<String, Long> entry = all.next();
          CapKey key = CapKey.parsePartial(entry.key);
          // a lifetime never ends (and its end, Long.MAX_VALUE, must not overflow into the past)
          if (key != null && key.interval() != CapInterval.LIFETIME
              && periods.end(key.interval(), key.periodStart()) + DAY < now) {
            counts.delete(entry.key);
            forward(entry.key, null, now);
          }
        }
      }
    }

    private void forward(String key, Long count, long now) {
      CapKey cap = CapKey.parsePartial(key);
      if (cap != null) {
        context.forward(new Record<>(cap.partial(partition), count, now));
      }
    }
  }
}
