package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.VisitorIdentity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The visits (unique and repeat clicks) of one identity other than the visitor cookie, on the offers that tell
 * visitors apart by IP and user agent or by device id: several cookies may share one, so each visit keeps its
 * whole click id. Kept as long as the longest unique window can reach them, at most {@link #MAX_VISITS}.
 *
 * <p>Stored as: a format byte, the count, then per visit the time (a varint, as the difference to the visit
 * before), the visitor (8 bytes), the click id's last 4 bytes and the offer id (a varint).
 */
final class IdentityVisits {
  static final int MAX_VISITS = VisitorHistory.MAX_CLICKS;
  private static final byte FORMAT = 1;

  static final Serde<IdentityVisits> SERDE = Serdes.serdeFrom(
      (Serializer<IdentityVisits>) (topic, visits) -> visits == null ? null : visits.encode(),
      (Deserializer<IdentityVisits>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  private long[] times;
  private long[] visitors;
  private int[] tails;
  private long[] offers;
  private int size;

  private IdentityVisits(int capacity) {
    times = new long[capacity];
    visitors = new long[capacity];
    tails = new int[capacity];
    offers = new long[capacity];
  }

  static IdentityVisits empty() {
    return new IdentityVisits(2);
  }

  /**
   * The store key of the click's identity under this mode, or null when the click lacks what the mode needs (it
   * then counts by its visitor cookie). Keys of the two modes never collide: the mode is hashed in.
   */
  static Bytes keyOf(VisitorIdentity identity, Click click) {
    return switch (identity) {
      case VISITOR -> null;
      case IP_USER_AGENT -> click.getIp() == null || click.getUserAgent() == null ? null
          : key(new Hash64().add(identity.ordinal()).add(click.getIp()).add(click.getUserAgent()).value());
      case DEVICE -> click.getUdid() == null ? null
          : key(new Hash64().add(identity.ordinal()).add(click.getUdid()).value());
    };
  }

  private static Bytes key(long hash) {
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(hash).array());
  }

  long time(int visit) {
    return times[visit];
  }

  long visitor(int visit) {
    return visitors[visit];
  }

  int tail(int visit) {
    return tails[visit];
  }

  /** The earliest visit of this offer less than window apart from time, either way; -1 when none. */
  int earliestVisit(long offer, long time, long window) {
    for (int i = 0; i < size; i++) {
      if (offers[i] == offer && Math.abs(times[i] - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a visit in time order. */
  void add(long time, long visitor, int tail, long offer) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      visitors = Arrays.copyOf(visitors, size * 2);
      tails = Arrays.copyOf(tails, size * 2);
      offers = Arrays.copyOf(offers, size * 2);
    }
    int at = size;
    while (at > 0 && times[at - 1] > time) {
      at--;
    }
    int moved = size - at;
    System.arraycopy(times, at, times, at + 1, moved);
    System.arraycopy(visitors, at, visitors, at + 1, moved);
    System.arraycopy(tails, at, tails, at + 1, moved);
    System.arraycopy(offers, at, offers, at + 1, moved);
    times[at] = time;
    visitors[at] = visitor;
    tails[at] = tail;
    offers[at] = offer;
    size++;
  }

  /** Drops the visits before {@code from}, then the oldest beyond {@link #MAX_VISITS}. */
  void forget(long from) {
    int first = 0;
    while (first < size && times[first] < from) {
      first++;
    }
    first = Math.max(first, size - MAX_VISITS);
    int kept = size - first;
    System.arraycopy(times, first, times, 0, kept);
    System.arraycopy(visitors, first, visitors, 0, kept);
    System.arraycopy(tails, first, tails, 0, kept);
    System.arraycopy(offers, first, offers, 0, kept);
    size = kept;
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(1 + 5 + size * (10 + 8 + 4 + 10));
    out.put(FORMAT);
    ByteUtils.writeUnsignedVarint(size, out);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      ByteUtils.writeVarlong(times[i] - previous, out);
      previous = times[i];
      out.putLong(visitors[i]).putInt(tails[i]);
      ByteUtils.writeVarlong(offers[i], out);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  static IdentityVisits decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown identity visits format " + format);
    }
    int size = ByteUtils.readUnsignedVarint(in);
    IdentityVisits visits = new IdentityVisits(size + 1);
    long time = 0;
    for (int i = 0; i < size; i++) {
      time += ByteUtils.readVarlong(in);
      visits.times[i] = time;
      visits.visitors[i] = in.getLong();
      visits.tails[i] = in.getInt();
      visits.offers[i] = ByteUtils.readVarlong(in);
    }
    visits.size = size;
    return visits;
  }
}
