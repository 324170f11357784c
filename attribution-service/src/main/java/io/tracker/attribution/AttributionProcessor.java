package io.tracker.attribution;

import io.tracker.attribution.state.CheckedConversion;
import io.tracker.attribution.state.DecidedConversion;
import io.tracker.attribution.state.HeldConversion;
import io.tracker.attribution.state.Touch;
import io.tracker.attribution.state.TouchKey;
import io.tracker.events.Adjustment;
import io.tracker.events.AttributedConversion;
import io.tracker.events.ConversionChange;
import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
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
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's attribution. It keeps each visitor's clicks on each offer and decides each conversion once: as soon
 * as the clicks before it are complete (the click it names has arrived, or the partition's clicks have reached
 * its time), else when it has waited the grace for a click that did not come. Every decision is kept for the
 * reports and published, keyed by visitor, at the conversion's time. An adjustment (keyed by the same visitor, so
 * it meets its conversion here) is applied to the conversion as it stands, kept, and published as the change from
 * before to after; the decision itself is never rewritten.
 */
final class AttributionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(AttributionProcessor.class);
  /** How often (wall-clock) held conversions are checked against their deadline. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final Attributor attributor;
  private final Duration grace;
  private HeldIndex index;
  /** The latest click time read: clicks come in time order per partition, so the history before it is complete. */
  private long clickWatermark;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowStore<TouchKey, Touch> touches;
  private KeyValueStore<String, HeldConversion> held;
  private WindowStore<String, DecidedConversion> decisions;
  private WindowStore<String, AttributedConversion> adjusted;

  AttributionProcessor(AttributionConfig config) {
    this.attributor = Attributor.of(config);
    this.grace = config.grace();
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    touches = context.getStateStore(AttributionStores.ATTRIBUTION_TOUCHES);
    held = context.getStateStore(AttributionStores.ATTRIBUTION_HELD);
    decisions = context.getStateStore(AttributionStores.ATTRIBUTION_DECISIONS);
    adjusted = context.getStateStore(AttributionStores.ATTRIBUTION_ADJUSTED);
    // a task revived after a failure initialises its processors again: start from the stores alone
    index = new HeldIndex();
    clickWatermark = Long.MIN_VALUE;
    try (KeyValueIterator<String, HeldConversion> waiting = held.all()) {
      waiting.forEachRemaining(entry -> index(entry.value));
    }
    context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseOverdue);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof JudgedClick click) {
      onClick(record.key(), click.getClickId(), click.getTime(), click.getOfferId(), Attributor.touchOf(click));
    } else if (record.value() instanceof CheckedConversion conversion) {
      onConversion(conversion);
    } else if (record.value() instanceof Adjustment adjustment) {
      onAdjustment(record.key(), adjustment);
    } else if (record.value() instanceof ProcessedClick earlier) {
      Click click = earlier.getClick();
      onClick(record.key(), click.getClickId(), click.getTime().toEpochMilli(),
          click.getOfferId() == null ? 0 : click.getOfferId(), Attributor.touchOf(earlier));
    }
  }

  /** Keeps a click of the visitor (the record's key) on an offer; clicks that reached no offer have nothing to credit. */
  private void onClick(String visitor, String clickId, long time, long offerId, Touch touch) {
    if (offerId != 0) {
      touches.put(new TouchKey(visitor, offerId), touch, time);
    }
    clickWatermark = Math.max(clickWatermark, time);
    index.releasedByClick(clickId, clickWatermark).forEach(this::decideHeld);
  }

  private void onConversion(CheckedConversion checked) {
    Conversion conversion = checked.getConversion();
    if (alreadyRead(conversion)) {
      return; // the edge sent it again: its first copy is decided or held, and counts once
    }
    if (checked.getRepeatNote() != null) {
      publish(Attributor.repeated(conversion, checked.getRepeatNote()));
      return;
    }
    List<Touch> history = history(conversion);
    boolean namedClickArrived = history.stream().anyMatch(touch -> touch.getClickId().equals(conversion.getClickId()));
    if (conversion.getTime().toEpochMilli() <= clickWatermark || namedClickArrived) {
      publish(attributor.decide(conversion, history));
    } else {
      HeldConversion waiting = new HeldConversion(conversion, Instant.ofEpochMilli(context.currentSystemTimeMs()));
      held.put(conversion.getConversionId(), waiting);
      index(waiting);
    }
  }

  private void index(HeldConversion waiting) {
    Conversion conversion = waiting.getConversion();
    index.add(conversion.getConversionId(), conversion.getTime().toEpochMilli(), conversion.getClickId(),
        waiting.getHeldSince().toEpochMilli() + grace.toMillis());
  }

  private void releaseOverdue(long now) {
    index.overdue(now).forEach(this::decideHeld);
  }

  private void decideHeld(String conversionId) {
    index.remove(conversionId);
    Conversion conversion = held.get(conversionId).getConversion();
    held.delete(conversionId);
    publish(attributor.decide(conversion, history(conversion)));
  }

  /** The visitor's clicks on the conversion's offer that could count: from the longest window back up to it. */
  private List<Touch> history(Conversion conversion) {
    long time = conversion.getTime().toEpochMilli();
    List<Touch> history = new ArrayList<>();
    try (WindowStoreIterator<Touch> found = touches.fetch(new TouchKey(conversion.getVisitorId(),
        conversion.getOfferId()), time - attributor.lookBack().toMillis(), time)) {
      found.forEachRemaining(entry -> history.add(entry.value));
    }
    return history;
  }

  private void onAdjustment(String visitor, Adjustment adjustment) {
    long time = adjustment.getConversionTime();
    AttributedConversion before = adjusted.fetch(adjustment.getConversionId(), time);
    if (before == null) {
      before = decided(adjustment.getOfferId(), adjustment.getConversionId(), time);
    }
    if (before == null) {
      // the API adjusts only conversions its report showed: this one is past the report retention
      log.warn("adjustment {} names conversion {} of offer {} at {}, which is not kept (any more): not applied",
          adjustment.getAdjustmentId(), adjustment.getConversionId(), adjustment.getOfferId(), Instant.ofEpochMilli(time));
      return;
    }
    AttributedConversion after = ConversionAdjustments.apply(before, adjustment);
    adjusted.put(adjustment.getConversionId(), after, time);
    context.forward(new Record<>(visitor, new ConversionChange(before, after), time));
  }

  /** The decision on a conversion, as it was made, or null. */
  private AttributedConversion decided(long offerId, String conversionId, long time) {
    try (WindowStoreIterator<DecidedConversion> sameTime =
        decisions.fetch(AttributionTopology.decisionKey(offerId), time, time)) {
      while (sameTime.hasNext()) {
        AttributedConversion decision = sameTime.next().value.getDecision();
        if (decision.getConversion().getConversionId().equals(conversionId)) {
          return decision;
        }
      }
    }
    return null;
  }

  private boolean alreadyRead(Conversion conversion) {
    if (held.get(conversion.getConversionId()) != null) {
      return true;
    }
    return decided(conversion.getOfferId(), conversion.getConversionId(), conversion.getTime().toEpochMilli()) != null;
  }

  private void publish(DecidedConversion decided) {
    Conversion conversion = decided.getDecision().getConversion();
    long time = conversion.getTime().toEpochMilli();
    decisions.put(AttributionTopology.decisionKey(conversion.getOfferId()), decided, time);
    context.forward(new Record<>(conversion.getVisitorId(), decided.getDecision(), time));
  }
}
