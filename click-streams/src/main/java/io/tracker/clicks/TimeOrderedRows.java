package io.tracker.clicks;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The compact per-key records of the click path ({@link VisitorHistory}, {@link IdentityVisits}): rows kept in
 * time order in one primitive array per field, no object per row. This class keeps the order, the growth, the
 * pruning and the framing of the stored form; a subclass names its fields and codes one row's fields.
 *
 * <p>Stored as: a format byte, the row count, then per row its time (a varint, as the difference to the row
 * before) and the subclass's fields.
 */
abstract class TimeOrderedRows {
  /** Per row, after its time: the subclass's fields. */
  interface RowCodec<R extends TimeOrderedRows> {
    void write(R rows, int row, ByteBuffer out);

    void read(R rows, int row, ByteBuffer in);
  }

  private long[] times;
  private final Object[] fields;
  private int size;

  /** Empty, with room for capacity rows of fields of these types (e.g. {@code int.class}). */
  protected TimeOrderedRows(int capacity, Class<?>... fieldTypes) {
    times = new long[capacity];
    fields = new Object[fieldTypes.length];
    for (int i = 0; i < fieldTypes.length; i++) {
      fields[i] = Array.newInstance(fieldTypes[i], capacity);
    }
  }

  /** The array of a field, by its position among the constructor's field types: read it after each insert. */
  protected final Object field(int field) {
    return fields[field];
  }

  final int size() {
    return size;
  }

  final long time(int row) {
    return times[row];
  }

  /** Makes room for a row at its place in time order and returns its index: the caller then sets its fields. */
  protected final int insert(long time) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      for (int i = 0; i < fields.length; i++) {
        Object grown = Array.newInstance(fields[i].getClass().getComponentType(), size * 2);
        System.arraycopy(fields[i], 0, grown, 0, size);
        fields[i] = grown;
      }
    }
    int at = size;
    while (at > 0 && times[at - 1] > time) {
      at--;
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    for (Object field : fields) {
      System.arraycopy(field, at, field, at + 1, size - at);
    }
    times[at] = time;
    size++;
    return at;
  }

  /** Keeps the rows for which keep holds, in order, then of those the latest max. */
  protected final void retain(IntPredicate keep, int max) {
    int kept = 0;
    for (int row = 0; row < size; row++) {
      if (keep.test(row)) {
        move(row, kept++);
      }
    }
    int dropped = Math.max(0, kept - max);
    for (int row = dropped; row < kept; row++) {
      move(row, row - dropped);
    }
    size = kept - dropped;
  }

  private void move(int from, int to) {
    if (from != to) {
      times[to] = times[from];
      for (Object field : fields) {
        System.arraycopy(field, from, field, to, 1);
      }
    }
  }

  /** The stored form; maxRowBytes bounds one row's fields as codec writes them. */
  @SuppressWarnings("unchecked")
  protected final <R extends TimeOrderedRows> byte[] encode(byte format, int maxRowBytes, RowCodec<R> codec) {
    ByteBuffer out = ByteBuffer.allocate(1 + 5 + size * (10 + maxRowBytes));
    out.put(format);
    ByteUtils.writeUnsignedVarint(size, out);
    long previous = 0;
    for (int row = 0; row < size; row++) {
      ByteUtils.writeVarlong(times[row] - previous, out);
      previous = times[row];
      codec.write((R) this, row, out);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Reads what {@link #encode} wrote into rows made by create (given the capacity they need). */
  protected static <R extends TimeOrderedRows> R decode(byte[] bytes, byte format, IntFunction<R> create,
      RowCodec<R> codec) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte found = in.get();
    if (found != format) {
      throw new IllegalStateException("a stored record of format " + found + ", expected " + format);
    }
    int size = ByteUtils.readUnsignedVarint(in);
    R rows = create.apply(size + 1);
    TimeOrderedRows filled = rows; // a type variable's members are not this class's private ones
    long time = 0;
    for (int row = 0; row < size; row++) {
      time += ByteUtils.readVarlong(in);
      filled.times[row] = time;
      codec.read(rows, row, in);
    }
    filled.size = size;
    return rows;
  }
}
