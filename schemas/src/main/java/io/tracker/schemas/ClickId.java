package io.tracker.schemas;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A click id: 6 bytes of creation time (epoch millis), the 8-byte visitor id and 4 random bytes, written as
 * 24 URL-safe base64 characters. Carrying the visitor id lets a server-to-server postback, which brings only
 * the click id, be keyed by visitor like every other event: no lookup table and no repartition.
 */
public final class ClickId {
  private ClickId() {}

  private static final int BYTES = 6 + VisitorId.BYTES + 4;
  public static final int LENGTH = 24;

  public record Parts(long timeMillis, String visitorId) {}

  public static String create(long timeMillis, String visitorId) {
    ByteBuffer buffer = ByteBuffer.allocate(BYTES);
    buffer.putShort((short) (timeMillis >>> 32)).putInt((int) timeMillis);
    buffer.put(VisitorId.DECODER.decode(visitorId));
    buffer.putInt(ThreadLocalRandom.current().nextInt());
    return VisitorId.ENCODER.encodeToString(buffer.array());
  }

  /** The time and visitor a click id carries, or empty when the value is not a click id. */
  public static Optional<Parts> parse(String clickId) {
    if (clickId == null || clickId.length() != LENGTH) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = VisitorId.DECODER.decode(clickId);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long time = ((buffer.getShort() & 0xFFFFL) << 32) | (buffer.getInt() & 0xFFFFFFFFL);
    byte[] visitor = new byte[VisitorId.BYTES];
    buffer.get(visitor);
    return Optional.of(new Parts(time, VisitorId.ENCODER.encodeToString(visitor)));
  }
}
