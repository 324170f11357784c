package io.tracker.edge;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One journal record while it is being built, in a buffer that its thread reuses: the journal's framing first
 * ({@link Journal#begin}), then the event written in place in Avro's binary encoding (zig-zag varints, strings
 * as length and UTF-8, a union as its branch index). The journal copies it whole into its segment, so an event
 * costs no array of its own.
 */
final class RecordBuffer {
  private static final ThreadLocal<RecordBuffer> PER_THREAD = ThreadLocal.withInitial(RecordBuffer::new);

  private byte[] bytes = new byte[1024];
  private int length;

  /** The calling thread's buffer (the IO threads each have one; nothing is shared). */
  static RecordBuffer ofThisThread() {
    return PER_THREAD.get();
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  RecordBuffer clear() {
    length = 0;
    return this;
  }

  void skip(int count) {
    ensure(count);
    length += count;
  }

  void putByte(int value) {
    ensure(1);
    bytes[length++] = (byte) value;
  }

  void putShort(int value) {
    ensure(2);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  void putLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
  }

  void putBytes(byte[] source, int offset, int count) {
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  /** Characters that are all ASCII as one byte each; false (and nothing written) when one is not. */
  boolean putAscii(String value) {
    int count = value.length();
    ensure(count);
    for (int i = 0; i < count; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      bytes[length + i] = (byte) c;
    }
    length += count;
    return true;
  }

  // Avro binary encoding (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding)

  void writeLong(long value) {
    ensure(10);
    long zigZag = (value << 1) ^ (value >> 63);
    while ((zigZag & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((zigZag & 0x7F) | 0x80);
      zigZag >>>= 7;
    }
    bytes[length++] = (byte) zigZag;
  }

  void writeInt(int value) {
    writeLong(value);
  }

  void writeBoolean(boolean value) {
    putByte(value ? 1 : 0);
  }

  /** An enum is its symbol's index; generated enums declare their symbols in the schema's order. */
  void writeEnum(Enum<?> value) {
    writeInt(value.ordinal());
  }

  void writeString(String value) {
    int mark = length;
    writeLong(value.length());
    if (!putAscii(value)) { // rare: the UTF-8 length differs from the character count
      length = mark;
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      writeLong(utf8.length);
      putBytes(utf8, 0, utf8.length);
    }
  }

  /** A {@code ["null", "string"]} union. */
  void writeNullableString(String value) {
    if (value == null) {
      writeInt(0);
    } else {
      writeInt(1);
      writeString(value);
    }
  }

  /** A {@code ["null", "long"]} union. */
  void writeNullableLong(Long value) {
    if (value == null) {
      writeInt(0);
    } else {
      writeInt(1);
      writeLong(value);
    }
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
