package io.tracker.schemas;

import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads the values of {@link Topics#PROCESSED_CLICKS}: {@link JudgedClick}s, or the {@link ProcessedClick}s
 * that versions before them wrote, which the topic holds for its retention after an upgrade.
 */
public final class ProcessedClicks implements Deserializer<SpecificRecord> {
  /** What click-streams writes. */
  public static final AvroSerde<JudgedClick> JUDGED = AvroSerde.of(JudgedClick.class);
  private static final AvroSerde<ProcessedClick> EARLIER = AvroSerde.of(ProcessedClick.class);

  /** For a source of the topic: reads either record; writing goes through {@link #JUDGED}. */
  public static Serde<SpecificRecord> sourceSerde() {
    return Serdes.serdeFrom((topic, record) -> {
      throw new UnsupportedOperationException("processed clicks are written as JudgedClick");
    }, new ProcessedClicks());
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    return EARLIER.reads(data) ? EARLIER.decode(data) : JUDGED.decode(data);
  }
}
