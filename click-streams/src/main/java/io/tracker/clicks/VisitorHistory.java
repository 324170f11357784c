package io.tracker.clicks;

import java.nio.ByteBuffer;
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
 * <p>Stored as {@link TimeOrderedRows} are, each click's fields being the id's last 4 bytes, the request
 * fingerprint (4 bytes) and the offer id shifted left by one with the visit flag in the lowest bit (a varint):
 * 15 bytes for one click, about 12 for each further one.
 */
final class VisitorHistory extends TimeOrderedRows {
  /** Bounds the record (about 1.2 KB) that a visitor clicking without end would otherwise grow every click. */
  static final int MAX_CLICKS = 100;
  private static final byte FORMAT = 1;
  private static final int TAILS = 0;
  private static final int REQUESTS = 1;
  private static final int OFFERS = 2;
  private static final int VISITS = 3;

  static final Serde<VisitorHistory> SERDE = Serdes.serdeFrom(
      (Serializer<VisitorHistory>) (topic, history) -> history == null ? null : history.encode(),
      (Deserializer<VisitorHistory>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  private static final RowCodec<VisitorHistory> CODEC = new RowCodec<>() {
    @Override
    public void write(VisitorHistory history, int click, ByteBuffer out) {
      out.putInt(history.tails()[click]).putInt(history.requests()[click]);
      ByteUtils.writeVarlong(
          history.offers()[click] << 1 | (history.visits()[click] ? 1 : 0), out);
    }

    @Override
    public void read(VisitorHistory history, int click, ByteBuffer in) {
      history.tails()[click] = in.getInt();
      history.requests()[click] = in.getInt();
      long offerAndVisit = ByteUtils.readVarlong(in);
      history.offers()[click] = offerAndVisit >> 1;
      history.visits()[click] = (offerAndVisit & 1) == 1;
    }
  };

  private VisitorHistory(int capacity) {
    super(capacity, int.class, int.class, long.class, boolean.class);
  }

  static VisitorHistory empty() {
    return new VisitorHistory(2);
  }

  int tail(int click) {
    return tails()[click];
  }

  /** True when this click (time and id) is here already. */
  boolean contains(long time, int tail) {
    int[] tails = tails();
    for (int i = 0; i < size(); i++) {
      if (time(i) == time && tails[i] == tail) {
        return true;
      }
    }
    return false;
  }

  /** The earliest click of this request less than window apart from time, either way; -1 when none. */
  int earliestRequest(int request, long time, long window) {
    int[] requests = requests();
    for (int i = 0; i < size(); i++) {
      if (requests[i] == request && Math.abs(time(i) - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** The earliest visit of this offer less than window apart from time, either way; -1 when none. */
  int earliestVisit(long offer, long time, long window) {
    long[] offers = offers();
    boolean[] visits = visits();
    for (int i = 0; i < size(); i++) {
      if (visits[i] && offers[i] == offer && Math.abs(time(i) - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a click in time order. */
  void add(long time, int tail, int request, long offer, boolean visit) {
    int at = insert(time);
    tails()[at] = tail;
    requests()[at] = request;
    offers()[at] = offer;
    visits()[at] = visit;
  }

  /**
   * Drops the clicks no rule can ask for any more: those before {@code clicksFrom}, except visits not before
   * {@code visitsFrom}; then the oldest beyond {@link #MAX_CLICKS}.
   */
  void forget(long clicksFrom, long visitsFrom) {
    boolean[] visits = visits();
    retain(click -> time(click) >= clicksFrom || (visits[click] && time(click) >= visitsFrom), MAX_CLICKS);
  }

  byte[] encode() {
    return encode(FORMAT, 4 + 4 + 10, CODEC);
  }

  static VisitorHistory decode(byte[] bytes) {
    return decode(bytes, FORMAT, VisitorHistory::new, CODEC);
  }

  private int[] tails() {
    return (int[]) field(TAILS);
  }

  private int[] requests() {
    return (int[]) field(REQUESTS);
  }

  private long[] offers() {
    return (long[]) field(OFFERS);
  }

  private boolean[] visits() {
    return (boolean[]) field(VISITS);
  }
}
