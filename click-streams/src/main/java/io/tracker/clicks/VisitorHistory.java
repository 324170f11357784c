package io.tracker.clicks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * One visitor's recent clicks, all that the disposition rules ask of them in one record: each click's time and
 * the last 4 bytes of its id (with the visitor they make the click id: a click id seen again is the edge
 * re-sending it), a fingerprint of its request (a double tap is the same request again), its offer and whether
 * it opened a visit (uniqueness by visitor cookie). Clicks are kept in time order, as long as a rule can still
 * ask for them: {@code lateArrivalLimit} behind the partition's newest click, visits the longest unique window
 * longer. A visitor who clicks without end keeps only the latest {@link #MAX_CLICKS}.
 *
 * <p>Stored as: a format byte, the count, then per click the time (a varint, as the difference to the click
 * before), the id's last 4 bytes, the request fingerprint (4 bytes) and the offer id shifted left by one with
 * the visit flag in the lowest bit (a varint): 15 bytes for one click, about 12 for each further one.
 */
final class VisitorHistory {
  /** Bounds the record (about 1.2 KB) that a visitor clicking without end would otherwise grow every click. */
  static final int MAX_CLICKS = 100;
  private static final byte FORMAT = 1;

  static final Serde<VisitorHistory> SERDE = Serdes.serdeFrom(
      (Serializer<VisitorHistory>) (topic, history) -> history == null ? null : history.encode(),
      (Deserializer<VisitorHistory>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  private long[] times;
  private int[] tails;
  private int[] requests;
  private long[] offers;
  private boolean[] visits;
  private int size;

  private VisitorHistory(int capacity) {
    times = new long[capacity];
    tails = new int[capacity];
    requests = new int[capacity];
    offers = new long[capacity];
    visits = new boolean[capacity];
  }

  static VisitorHistory empty() {
    return new VisitorHistory(2);
  }

  int size() {
    return size;
  }

  long time(int click) {
    return times[click];
  }

  int tail(int click) {
    return tails[click];
  }

  /** True when this click (time and id) is here already. */
  boolean contains(long time, int tail) {
    for (int i = 0; i < size; i++) {
      if (times[i] == time && tails[i] == tail) {
        return true;
      }
    }
    return false;
  }

  /** The earliest click of this request less than window apart from time, either way; -1 when none. */
  int earliestRequest(int request, long time, long window) {
    for (int i = 0; i < size; i++) {
      if (requests[i] == request && Math.abs(times[i] - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** The earliest visit of this offer less than window apart from time, either way; -1 when none. */
  int earliestVisit(long offer, long time, long window) {
    for (int i = 0; i < size; i++) {
      if (visits[i] && offers[i] == offer && Math.abs(times[i] - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a click in time order. */
  void add(long time, int tail, int request, long offer, boolean visit) {
    if (size == times.length) {
      grow();
    }
    int at = size;
    while (at > 0 && times[at - 1] > time) {
      at--;
    }
    int moved = size - at;
    System.arraycopy(times, at, times, at + 1, moved);
    System.arraycopy(tails, at, tails, at + 1, moved);
    System.arraycopy(requests, at, requests, at + 1, moved);
    System.arraycopy(offers, at, offers, at + 1, moved);
    System.arraycopy(visits, at, visits, at + 1, moved);
    times[at] = time;
    tails[at] = tail;
    requests[at] = request;
    offers[at] = offer;
    visits[at] = visit;
    size++;
  }

  /**
   * Drops the clicks no rule can ask for any more: those before {@code clicksFrom}, except visits not before
   * {@code visitsFrom}; then the oldest beyond {@link #MAX_CLICKS}.
   */
  void forget(long clicksFrom, long visitsFrom) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (times[i] >= clicksFrom || (visits[i] && times[i] >= visitsFrom)) {
        move(i, kept++);
      }
    }
    int dropped = Math.max(0, kept - MAX_CLICKS);
    for (int i = dropped; i < kept; i++) {
      move(i, i - dropped);
    }
    size = kept - dropped;
  }

  private void move(int from, int to) {
    times[to] = times[from];
    tails[to] = tails[from];
    requests[to] = requests[from];
    offers[to] = offers[from];
    visits[to] = visits[from];
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    tails = Arrays.copyOf(tails, capacity);
    requests = Arrays.copyOf(requests, capacity);
    offers = Arrays.copyOf(offers, capacity);
    visits = Arrays.copyOf(visits, capacity);
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(1 + 5 + size * (10 + 8 + 10));
    out.put(FORMAT);
    ByteUtils.writeUnsignedVarint(size, out);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      ByteUtils.writeVarlong(times[i] - previous, out);
      previous = times[i];
      out.putInt(tails[i]).putInt(requests[i]);
      ByteUtils.writeVarlong(offers[i] << 1 | (visits[i] ? 1 : 0), out);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  static VisitorHistory decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown visitor history format " + format);
    }
    int size = ByteUtils.readUnsignedVarint(in);
    VisitorHistory history = new VisitorHistory(size + 1);
    long time = 0;
    for (int i = 0; i < size; i++) {
      time += ByteUtils.readVarlong(in);
      history.times[i] = time;
      history.tails[i] = in.getInt();
      history.requests[i] = in.getInt();
      long offerAndVisit = ByteUtils.readVarlong(in);
      history.offers[i] = offerAndVisit >> 1;
      history.visits[i] = (offerAndVisit & 1) == 1;
    }
    history.size = size;
    return history;
  }
}
