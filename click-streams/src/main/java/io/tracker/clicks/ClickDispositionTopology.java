package io.tracker.clicks;

import io.tracker.clickstate.Tally;
import io.tracker.events.Click;
import io.tracker.events.Disposition;
import io.tracker.events.ProcessedClick;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Clicks -> processed clicks: every click the edge recorded gets a disposition (UNIQUE, REPEAT, DUPLICATE or
 * BOT) and its reasons, and goes on to {@link Topics#PROCESSED_CLICKS} under the same visitor key and click
 * time; flagged, never dropped. Each processed click is kept by id (look-ups, conversion credits), which is
 * also how a click id seen before is recognised: the edge sent the same click again, and it is dropped. The
 * report topology hangs off {@link #PROCESSOR} in the same task, so a report needs no second topic hop. All
 * windows are in event time (record timestamps), so a replay judges every click as the first run did.
 */
final class ClickDispositionTopology {
  private ClickDispositionTopology() {}

  /** The processor that hands each processed click on: to the topic, and to the report topology. */
  static final String PROCESSOR = "click-dispositions";
  private static final String SOURCE = "clicks";
  private static final String SINK = "processed-clicks";

  static Topology buildTopology(Topology topology, DispositionRules rules, Duration clickRetention,
      UserAgents userAgents) {
    Duration late = rules.lateArrivalLimit();
    return topology
        .addSource(SOURCE, Serdes.String().deserializer(), AvroSerde.of(Click.class), Topics.CLICKS)
        .addProcessor(PROCESSOR, () -> new DispositionProcessor(rules, userAgents), SOURCE)
        // a click id carries its time, so a look-up is a point read at that time
        .addStateStore(Sightings.pointStore(ClickStores.PROCESSED_CLICKS, clickRetention, AvroSerde.of(ProcessedClick.class)),
            PROCESSOR)
        .addStateStore(Sightings.storeBuilder(ClickStores.DOUBLE_TAPS, late), PROCESSOR)
        // a visit opens a window as long as the longest unique window, and a late click may still look back on it
        .addStateStore(Sightings.storeBuilder(ClickStores.OFFER_VISITS, rules.maxUniqueWindow().plus(late)), PROCESSOR)
        .addStateStore(IpClickRates.storeBuilder(ClickStores.IP_SECONDS, late), PROCESSOR)
        .addSink(SINK, Topics.PROCESSED_CLICKS, Serdes.String().serializer(), AvroSerde.of(ProcessedClick.class),
            PROCESSOR);
  }

  /** What identifies a double tap: the same visitor sending the same link (affiliate, creative, sub ids). */
  static String requestKey(Click click) {
    String subIds = Stream.of(click.getS1(), click.getS2(), click.getS3(), click.getS4(), click.getS5())
        .map(subId -> subId == null ? "\u0000" : subId)
        .collect(Collectors.joining("\u0001"));
    // hashed: sub ids can be long, the key is stored for every click
    return click.getVisitorId() + "/" + click.getAffiliateId() + "/" + click.getCreativeId() + "/"
        + VisitorId.fromIdentity(subIds);
  }

  static long offerIdOf(Click click) {
    return click.getOfferId() == null ? 0 : click.getOfferId();
  }

  /** "30 days", "5 s": windows as the reasons name them. */
  static String text(Duration window) {
    if (window.toSeconds() % Duration.ofDays(1).toSeconds() == 0 && !window.isZero()) {
      return window.toDays() + " days";
    }
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
  }

  /** Judges each click against what its partition saw before it, then records it. */
  static final class DispositionProcessor implements Processor<String, Click, String, ProcessedClick> {
    private final DispositionRules rules;
    private final UserAgents userAgents;
    private ProcessorContext<String, ProcessedClick> context;
    private WindowStore<String, ProcessedClick> processedClicks;
    private Sightings requests;
    private Sightings visits;
    private IpClickRates ipRates;

    DispositionProcessor(DispositionRules rules, UserAgents userAgents) {
      this.rules = rules;
      this.userAgents = userAgents;
    }

    @Override
    public void init(ProcessorContext<String, ProcessedClick> context) {
      this.context = context;
      processedClicks = context.getStateStore(ClickStores.PROCESSED_CLICKS);
      requests = new Sightings(context.getStateStore(ClickStores.DOUBLE_TAPS));
      visits = new Sightings(context.getStateStore(ClickStores.OFFER_VISITS));
      WindowStore<String, Tally> ipSeconds = context.getStateStore(ClickStores.IP_SECONDS);
      ipRates = new IpClickRates(ipSeconds, rules.ipClickLimit(), rules.ipRateWindow());
    }

    @Override
    public void process(Record<String, Click> record) {
      Click click = record.value();
      if (click == null) {
        return; // click topics hold no deletes; a stray tombstone is nothing
      }
      long time = record.timestamp();
      if (processedClicks.fetch(click.getClickId(), time) != null) {
        return; // the edge sent this click again (after an outage): it was judged and counted the first time
      }
      UserAgents.Agent agent = userAgents.describe(click.getUserAgent());
      Verdict verdict = judge(click, time, agent);
      ProcessedClick processed = new ProcessedClick(click, verdict.disposition(), verdict.reasons(),
          agent.deviceClass(), agent.browser(), agent.os());
      processedClicks.put(click.getClickId(), processed, time);
      context.forward(record.withValue(processed));
    }

    private Verdict judge(Click click, long time, UserAgents.Agent agent) {
      Verdict verdict = new Verdict();
      String request = requestKey(click);
      requests.near(request, time, rules.doubleTapWindow()).ifPresent(earlier -> verdict.found(Disposition.DUPLICATE,
          "same request as click " + earlier.eventId() + " at " + Instant.ofEpochMilli(earlier.timeMillis())
              + ", within the " + text(rules.doubleTapWindow()) + " double-tap window"));
      requests.add(request, time, click.getClickId());
      if (agent.botReason() != null) {
        verdict.found(Disposition.BOT, agent.botReason());
      }
      ipRates.count(click.getIp(), time).ifPresent(reason -> verdict.found(Disposition.BOT, reason));
      judgeVisit(click, time, verdict);
      return verdict;
    }

    /** Unique or repeat by the visitor's earlier clicks on the offer; only those two open a visitor's window. */
    private void judgeVisit(Click click, long time, Verdict verdict) {
      long offerId = offerIdOf(click);
      VisitorIdentity identity = rules.identityFor(offerId);
      String visit = identity.of(click) + "/" + offerId;
      Duration window = rules.uniqueWindowOf(click);
      String visitor = "the same visitor (by " + identity.name().toLowerCase(Locale.ROOT) + ")";
      Optional<Sightings.Match> earlier = visits.near(visit, time, window);
      if (earlier.isPresent()) {
        verdict.found(Disposition.REPEAT, visitor + " clicked offer " + offerId + " at "
            + Instant.ofEpochMilli(earlier.get().timeMillis()) + " (click " + earlier.get().eventId() + "), within the "
            + text(window) + " unique window");
      } else if (verdict.disposition() == Disposition.UNIQUE) {
        verdict.found(Disposition.UNIQUE, "no click of " + visitor + " on offer " + offerId + " within the "
            + text(window) + " unique window");
      }
      Disposition disposition = verdict.disposition();
      if (disposition == Disposition.UNIQUE || disposition == Disposition.REPEAT) {
        visits.add(visit, time, click.getClickId());
      }
    }
  }
}
