package io.tracker.edge;

import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes the edge's events durable before the consumer gets an answer: each is Avro-encoded into its thread's
 * record buffer and appended to the local {@link Journal} (a copy into the page cache), from where the
 * {@link JournalShipper} sends it to Kafka. Keyed by visitor id, timestamp = event time. The caller never waits
 * on Kafka. When the journal is full the event is counted as dropped: the only way the edge loses one, bounded
 * and visible. Clicks, the hot path, are written by {@link ClickEncoder} straight into the record; conversions
 * go through the project's Avro serde.
 */
final class EventPublisher {
  private static final AvroSerde<Conversion> CONVERSIONS = AvroSerde.of(Conversion.class);
  private static final int CLICK_TOPIC = Topics.events().indexOf(Topics.CLICKS);
  private static final int CONVERSION_TOPIC = Topics.events().indexOf(Topics.CONVERSIONS);

  private final Journal journal;
  private final LongAdder dropped = new LongAdder();

  EventPublisher(Journal journal) {
    this.journal = journal;
  }

  void publish(Click click) {
    RecordBuffer record = Journal.begin(RecordBuffer.ofThisThread(), CLICK_TOPIC, click.getTime().toEpochMilli(),
        click.getVisitorId());
    ClickEncoder.write(click, record);
    append(record);
  }

  void publish(Conversion conversion) {
    byte[] value = CONVERSIONS.encode(conversion);
    RecordBuffer record = Journal.begin(RecordBuffer.ofThisThread(), CONVERSION_TOPIC,
        conversion.getTime().toEpochMilli(), conversion.getVisitorId());
    record.putBytes(value, 0, value.length);
    append(record);
  }

  private void append(RecordBuffer record) {
    if (!journal.append(record)) {
      dropped.increment();
    }
  }

  long dropped() {
    return dropped.sum();
  }
}
