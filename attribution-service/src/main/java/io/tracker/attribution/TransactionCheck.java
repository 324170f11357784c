package io.tracker.attribution;

import io.tracker.attribution.state.CheckedConversion;
import io.tracker.attribution.state.TransactionKey;
import io.tracker.events.Conversion;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Marks a conversion whose transaction id was already counted for its offer, whatever visitor either came from:
 * it reads the conversions re-keyed by offer and transaction id, remembers the first of each, and sends every
 * conversion on, keyed by visitor again. A copy of the first one (the edge re-sent it) is not a repeat: the
 * visitor's task drops it by its conversion id.
 */
final class TransactionCheck implements Processor<TransactionKey, Conversion, String, CheckedConversion> {
  private ProcessorContext<String, CheckedConversion> context;
  private WindowStore<TransactionKey, Conversion> firsts;

  @Override
  public void init(ProcessorContext<String, CheckedConversion> context) {
    this.context = context;
    firsts = context.getStateStore(AttributionStores.ATTRIBUTION_TRANSACTIONS);
  }

  @Override
  public void process(Record<TransactionKey, Conversion> record) {
    Conversion conversion = record.value();
    Conversion first = first(record.key());
    String repeatNote = null;
    if (first == null) {
      firsts.put(record.key(), conversion, record.timestamp());
    } else if (!first.getConversionId().equals(conversion.getConversionId())) {
      repeatNote = "transaction id '" + record.key().getTransactionId() + "' was already counted for offer "
          + record.key().getOfferId() + (record.key().getEventName() == null ? "" : " event " + record.key().getEventName()) + " by conversion " + first.getConversionId() + " at " + first.getTime();
    }
    context.forward(record.withKey(conversion.getVisitorId()).withValue(new CheckedConversion(conversion, repeatNote)));
  }

  private Conversion first(TransactionKey key) {
    try (WindowStoreIterator<Conversion> seen = firsts.fetch(key, 0, Long.MAX_VALUE)) {
      return seen.hasNext() ? seen.next().value : null;
    }
  }
}
