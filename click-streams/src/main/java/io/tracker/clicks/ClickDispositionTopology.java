package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.Disposition;
import io.tracker.events.JudgedClick;
import io.tracker.events.Reason;
import io.tracker.events.ReasonCode;
import io.tracker.events.VisitorIdentity;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Clicks -> processed clicks: every click the edge recorded gets a disposition (UNIQUE, REPEAT, DUPLICATE or
 * BOT) and its reasons, and goes on to {@link Topics#PROCESSED_CLICKS} under the same visitor key and click
 * time; flagged, never dropped. A click id seen before is the edge sending the same click again: it is dropped.
 * Each question a click asks is one point look-up: the visitor's recent clicks (re-sends, double taps, visits by
 * cookie) are one record (written at the commit, {@link VisitorRecords}), visits by another identity one record
 * per identity, an IP's clicks per second one record per minute from its second click in it on ({@link
 * IpClickRates}); every record expires by itself (see {@link BucketedStore}). The report topology hangs off
 * {@link #PROCESSOR} in the same task, so a report needs no second topic hop. All windows are in event time (record
 * timestamps), so a replay judges every click as the first run did.
 */
final class ClickDispositionTopology {
  private ClickDispositionTopology() {}

  /** The processor that hands each processed click on: to the topic, and to the report topology. */
  static final String PROCESSOR = "click-dispositions";
  private static final String SOURCE = "clicks";
  private static final String SINK = "processed-clicks";

  static Topology buildTopology(Topology topology, DispositionRules rules, Duration clickTopicRetention,
      UserAgents userAgents) {
    topology
        .addSource(SOURCE, Serdes.String().deserializer(), AvroSerde.of(Click.class), Topics.CLICKS)
        .addProcessor(PROCESSOR, () -> new DispositionProcessor(rules, userAgents), SOURCE)
        .addStateStore(LateClicks.storeBuilder(ClickStores.LATE_CLICKS, clickTopicRetention), PROCESSOR)
        .addStateStore(BucketedStore.storeBuilder(ClickStores.IDENTITY_VISITS, rules.visitHorizon(),
            IdentityVisits.SERDE), PROCESSOR)
        .addSink(SINK, Topics.PROCESSED_CLICKS, Serdes.String().serializer(), ProcessedClicks.JUDGED, PROCESSOR);
    VisitorRecords.storeBuilders(rules.visitHorizon()).forEach(store -> topology.addStateStore(store, PROCESSOR));
    IpClickRates.storeBuilders(rules.lateArrivalLimit(), rules.ipRateWindow())
        .forEach(store -> topology.addStateStore(store, PROCESSOR));
    return topology;
  }

  /**
   * What identifies a double tap: the visitor (the record it is kept in) sending the same affiliate, creative and sub
   * ids.
   */
  static int requestFingerprint(Click click) {
    return (int) new Hash64().add(click.getAffiliateId()).add(click.getCreativeId()).add(click.getS1())
        .add(click.getS2()).add(click.getS3()).add(click.getS4()).add(click.getS5()).value();
  }

  static long offerIdOf(Click click) {
    return click.getOfferId() == null ? 0 : click.getOfferId();
  }

  /** Judges each click against what its partition saw before it, then records it. */
  static final class DispositionProcessor implements Processor<String, Click, String, JudgedClick> {
    private final DispositionRules rules;
    private final UserAgents userAgents;
    private ProcessorContext<String, JudgedClick> context;
    private VisitorRecords visitors;
    private BucketedStore<IdentityVisits> identities;
    private IpClickRates ipRates;
    private WindowStore<String, LateClicks.LateClick> lateClicks;

    DispositionProcessor(DispositionRules rules, UserAgents userAgents) {
      this.rules = rules;
      this.userAgents = userAgents;
    }

    @Override
    public void init(ProcessorContext<String, JudgedClick> context) {
      this.context = context;
      lateClicks = context.getStateStore(ClickStores.LATE_CLICKS);
      visitors = VisitorRecords.of(context, rules.visitHorizon());
      identities = new BucketedStore<>(context.getStateStore(ClickStores.IDENTITY_VISITS), rules.visitHorizon());
      ipRates = IpClickRates.of(context, rules.ipClickLimit(), rules.ipRateWindow());
    }

    @Override
    public void process(Record<String, Click> record) {
      Click click = record.value();
      if (click == null) {
        return; // click topics hold no deletes; a stray tombstone is nothing
      }
      long time = record.timestamp();
      // the partition's newest event time: what state is kept behind, and whose bucket it is kept in
      long now = Math.max(context.currentStreamTimeMs(), time);
      long visitor = VisitorId.toLong(click.getVisitorId());
      VisitorHistory history = isNewVisitorsFirstSend(record) ? null : visitors.get(visitor, now);
      history = history == null ? VisitorHistory.empty() : history;
      int tail = ClickId.tail(click.getClickId());
      if (history.contains(time, tail)) {
        return; // the edge sent this click again (after an outage): it was judged and counted the first time
      }
      UserAgents.Agent agent = userAgents.describe(click.getUserAgent());
      Verdict verdict = new Verdict();
      int request = requestFingerprint(click);
      long doubleTap = rules.doubleTapWindow().toMillis();
      int tap = history.earliestRequest(request, time, doubleTap);
      if (tap >= 0) {
        verdict.found(Disposition.DUPLICATE, reason(ReasonCode.DOUBLE_TAP, VisitorIdentity.VISITOR,
            ClickId.of(history.time(tap), visitor, history.tail(tap)), history.time(tap), doubleTap));
      }
      if (agent.bot() != null) {
        verdict.found(Disposition.BOT, agent.bot());
      }
      ipRates.count(click.getIp(), time).ifPresent(clicks -> verdict.found(Disposition.BOT,
          new Reason(ReasonCode.IP_CLICK_RATE, VisitorIdentity.VISITOR, null, 0L, rules.ipRateWindow().toMillis(),
              clicks, rules.ipClickLimit(), click.getIp())));
      boolean visitByCookie = judgeVisit(click, time, now, visitor, tail, history, verdict);
      history.add(time, tail, request, offerIdOf(click), visitByCookie);
      history.forget(now - rules.lateArrivalLimit().toMillis(), now - rules.visitHorizon().toMillis());
      visitors.put(visitor, history, now);
      JudgedClick judged = judged(click, verdict.disposition(), verdict.reasons(), agent);
      if (LateClicks.isLate(time, now)) {
        // not where a look-up by id searches the topics: keep where it is, and its judgement
        lateClicks.put(click.getClickId(), new LateClicks.LateClick(context.recordMetadata().orElseThrow().offset(),
            judged), time);
      }
      context.forward(record.withValue(judged));
    }

    /**
     * A visitor the edge made for this very click has no history to look up (most clicks are a new visitor's),
     * unless the edge sent the click again: then its first send may have written the visitor's record.
     */
    private static boolean isNewVisitorsFirstSend(Record<String, Click> record) {
      return record.value().getNewVisitor() && !Topics.isResent(record.headers());
    }

    /**
     * Unique or repeat by the visitor's earlier visits of the offer; only those two open a visit. Visits by cookie
     * are kept with the visitor's clicks (true is returned when this click opens one there), visits by another
     * identity in a record of that identity.
     */
    private boolean judgeVisit(Click click, long time, long now, long visitor, int tail, VisitorHistory history,
        Verdict verdict) {
      long offerId = offerIdOf(click);
      VisitorIdentity identity = rules.identityFor(offerId);
      long window = rules.uniqueWindowOf(click).toMillis();
      Bytes identityKey = IdentityVisits.keyOf(identity, click);
      IdentityVisits byIdentity = null;
      if (identityKey == null) {
        int earlier = history.earliestVisit(offerId, time, window);
        if (earlier >= 0) {
          verdict.found(Disposition.REPEAT, reason(ReasonCode.REPEAT_VISIT, identity,
              ClickId.of(history.time(earlier), visitor, history.tail(earlier)), history.time(earlier), window));
        }
      } else {
        byIdentity = identities.get(identityKey, now);
        byIdentity = byIdentity == null ? IdentityVisits.empty() : byIdentity;
        int earlier = byIdentity.earliestVisit(offerId, time, window);
        if (earlier >= 0) {
          verdict.found(Disposition.REPEAT, reason(ReasonCode.REPEAT_VISIT, identity,
              ClickId.of(byIdentity.time(earlier), byIdentity.visitor(earlier), byIdentity.tail(earlier)),
              byIdentity.time(earlier), window));
        }
      }
      Disposition disposition = verdict.disposition();
      if (disposition == Disposition.UNIQUE) {
        verdict.found(Disposition.UNIQUE, reason(ReasonCode.NEW_VISIT, identity, null, 0L, window));
      }
      boolean visit = disposition == Disposition.UNIQUE || disposition == Disposition.REPEAT;
      if (visit && byIdentity != null) {
        byIdentity.add(time, visitor, tail, offerId);
        byIdentity.forget(now - rules.visitHorizon().toMillis());
        identities.put(identityKey, byIdentity, now);
      }
      return visit && identityKey == null;
    }

    /** What the processed-click topic carries: the click's report dimensions, what attribution weighs, the verdict. */
    private static JudgedClick judged(Click click, Disposition disposition, List<Reason> reasons,
        UserAgents.Agent agent) {
      return new JudgedClick(click.getClickId(), click.getTime().toEpochMilli(), click.getAffiliateId(),
          offerIdOf(click), click.getCampaignId() == null ? 0L : click.getCampaignId(), click.getCreativeId(),
          click.getS1(), click.getS2(), click.getS3(), click.getS4(), click.getS5(), click.getTest(),
          click.getReason(), click.getClickCookieDays(), click.getAttributionModel(), click.getPayoutMicros(),
          disposition, reasons, agent.deviceClass(), agent.browser(), agent.os(), click.getCountry(),
          click.getClickCaps());
    }

    private static Reason reason(ReasonCode code, VisitorIdentity identity, String clickId, long clickTime,
        long windowMillis) {
      return new Reason(code, identity, clickId, clickTime, windowMillis, 0, 0, null);
    }
  }
}
