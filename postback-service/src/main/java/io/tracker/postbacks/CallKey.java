package io.tracker.postbacks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key of a call in the call-state store: its conversion time (8 bytes, big-endian) then its call id. RocksDB
 * orders keys bytewise, so the calls of a time range are one contiguous range: the report reads only what it shows,
 * and expiry visits only what has expired.
 */
record CallKey(Instant conversionTime, String callId) {

  static final Serde<CallKey> SERDE = Serdes.serdeFrom(serializer(), deserializer());

  /** Below every key of this instant and later, above every key before it. */
  static CallKey first(Instant time) {
    return new CallKey(time, "");
  }

  private static Serializer<CallKey> serializer() {
    return (topic, key) -> {
      if (key == null) {
        return null;
      }
      byte[] id = key.callId().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(Long.BYTES + id.length).putLong(key.conversionTime().toEpochMilli()).put(id).array();
    };
  }

  private static Deserializer<CallKey> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      Instant time = Instant.ofEpochMilli(buffer.getLong());
      return new CallKey(time, new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8));
    };
  }
}
