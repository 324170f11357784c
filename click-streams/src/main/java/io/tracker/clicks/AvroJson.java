package io.tracker.clicks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** An Avro record as plain JSON values: records as objects in schema order, enums as names, times as ISO-8601. */
final class AvroJson {
  private AvroJson() {}

  static Object plain(Object value) {
    if (value instanceof SpecificRecord record) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        object.put(field.name(), plain(record.get(field.pos())));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AvroJson::plain).toList();
    }
    if (value instanceof Enum<?> || value instanceof CharSequence || value instanceof Instant) {
      return value.toString();
    }
    return value; // numbers, booleans, null
  }
}
