package io.tracker.schemas;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A click id: 6 bytes of creation time (epoch millis), the 8-byte visitor id and 4 bytes whose top bit marks
 * test traffic and whose other 31 bits are random, written as 24 URL-safe base64 characters. Carrying the
 * visitor lets a server-to-server postback, which brings only the click id, be keyed by visitor like every
 * other event (no lookup table, no repartition); carrying the test bit lets its conversion be flagged as test.
 * Conversion ids have the same format.
 */
public final class ClickId {
  private ClickId() {}

  private static final int BYTES = 6 + VisitorId.BYTES + 4;
  private static final int TEST_BIT = 0x8000_0000;
  public static final int LENGTH = 24;

  public record Parts(long timeMillis, String visitorId, boolean test) {}

  public static String create(long timeMillis, String visitorId, boolean test) {
    int random = ThreadLocalRandom.current().nextInt() & ~TEST_BIT;
    return of(timeMillis, VisitorId.toLong(visitorId), test ? random | TEST_BIT : random);
  }

  /** The click id of these parts: its time, its visitor (as {@link VisitorId#toLong}) and its last 4 bytes. */
  public static String of(long timeMillis, long visitor, int tail) {
    ByteBuffer buffer = ByteBuffer.allocate(BYTES);
    buffer.putShort((short) (timeMillis >>> 32)).putInt((int) timeMillis);
    buffer.putLong(visitor).putInt(tail);
    return VisitorId.ENCODER.encodeToString(buffer.array());
  }

  /**
   * The last 4 bytes of a click id (the test bit and the random bits): with its time and its visitor they make
   * the whole id, so state that is kept per visitor needs only these. Throws IllegalArgumentException when the
   * value is not a click id.
   */
  public static int tail(String clickId) {
    if (clickId == null || clickId.length() != LENGTH) {
      throw new IllegalArgumentException("not a click id: " + clickId);
    }
    return ByteBuffer.wrap(VisitorId.DECODER.decode(clickId), BYTES - 4, 4).getInt();
  }

  /** The time, visitor and test flag a click id carries, or empty when the value is not a click id. */
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
    boolean test = (buffer.getInt() & TEST_BIT) != 0;
    return Optional.of(new Parts(time, VisitorId.ENCODER.encodeToString(visitor), test));
  }
}
