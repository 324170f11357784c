package io.tracker.edge;

import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes the edge's events durable before the consumer gets an answer: each is Avro-encoded and appended to
 * the local {@link Journal} (a copy into the page cache), from where the {@link JournalShipper} sends it to
 * Kafka. Keyed by visitor id, timestamp = event time. The caller never waits on Kafka. When the journal is
 * full the event is counted as dropped: the only way the edge loses one, bounded and visible.
 */
final class EventPublisher {
  private static final AvroSerde<Click> CLICKS = AvroSerde.of(Click.class);
  private static final AvroSerde<Conversion> CONVERSIONS = AvroSerde.of(Conversion.class);
  private static final int CLICK_TOPIC = Topics.events().indexOf(Topics.CLICKS);
  private static final int CONVERSION_TOPIC = Topics.events().indexOf(Topics.CONVERSIONS);

  private final Journal journal;
  private final LongAdder dropped = new LongAdder();

  EventPublisher(Journal journal) {
    this.journal = journal;
  }

  void publish(Click click) {
    append(CLICK_TOPIC, click.getVisitorId(), click.getTime().toEpochMilli(), CLICKS.encode(click));
  }

  void publish(Conversion conversion) {
    append(CONVERSION_TOPIC, conversion.getVisitorId(), conversion.getTime().toEpochMilli(),
        CONVERSIONS.encode(conversion));
  }

  private void append(int topic, String key, long timestamp, byte[] value) {
    if (!journal.append(topic, key, timestamp, value)) {
      dropped.increment();
    }
  }

  long dropped() {
    return dropped.sum();
  }
}
