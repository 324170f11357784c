package io.tracker.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * A compacted topic holding one kind of catalog entity, keyed by its id as a decimal string (the settings
 * topic holds one record under {@link Topics#SETTINGS_KEY}).
 */
public record CatalogTopic<T extends SpecificRecord>(String name, Class<T> type, AvroSerde<T> serde) {

  static <T extends SpecificRecord> CatalogTopic<T> of(String name, Class<T> type) {
    return new CatalogTopic<>(name, type, AvroSerde.of(type));
  }
}
