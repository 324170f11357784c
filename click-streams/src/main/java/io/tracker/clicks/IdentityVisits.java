package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.VisitorIdentity;
import java.nio.ByteBuffer;
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
 * <p>Stored as {@link TimeOrderedRows} are, each visit's fields being the visitor (8 bytes), the click id's last 4
 * bytes and the offer id (a varint).
 */
final class IdentityVisits extends TimeOrderedRows {
  static final int MAX_VISITS = VisitorHistory.MAX_CLICKS;
  private static final byte FORMAT = 1;
  private static final int VISITORS = 0;
  private static final int TAILS = 1;
  private static final int OFFERS = 2;

  static final Serde<IdentityVisits> SERDE = Serdes.serdeFrom(
      (Serializer<IdentityVisits>) (topic, visits) -> visits == null ? null : visits.encode(),
      (Deserializer<IdentityVisits>) (topic, bytes) -> bytes == null ? null : decode(bytes));

  private static final RowCodec<IdentityVisits> CODEC = new RowCodec<>() {
    @Override
    public void write(IdentityVisits visits, int visit, ByteBuffer out) {
      out.putLong(visits.visitors()[visit]).putInt(visits.tails()[visit]);
      ByteUtils.writeVarlong(visits.offers()[visit], out);
    }

    @Override
    public void read(IdentityVisits visits, int visit, ByteBuffer in) {
      visits.visitors()[visit] = in.getLong();
      visits.tails()[visit] = in.getInt();
      visits.offers()[visit] = ByteUtils.readVarlong(in);
    }
  };

  private IdentityVisits(int capacity) {
    super(capacity, long.class, int.class, long.class);
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
          : BytesStores.keyOf(
              new Hash64().add(identity.ordinal()).add(click.getIp()).add(click.getUserAgent()).value());
      case DEVICE -> click.getUdid() == null ? null
          : BytesStores.keyOf(new Hash64().add(identity.ordinal()).add(click.getUdid()).value());
    };
  }

  long visitor(int visit) {
    return visitors()[visit];
  }

  int tail(int visit) {
    return tails()[visit];
  }

  /** The earliest visit of this offer less than window apart from time, either way; -1 when none. */
  int earliestVisit(long offer, long time, long window) {
    long[] offers = offers();
    for (int i = 0; i < size(); i++) {
      if (offers[i] == offer && Math.abs(time(i) - time) < window) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a visit in time order. */
  void add(long time, long visitor, int tail, long offer) {
    int at = insert(time);
    visitors()[at] = visitor;
    tails()[at] = tail;
    offers()[at] = offer;
  }

  /** Drops the visits before {@code from}, then the oldest beyond {@link #MAX_VISITS}. */
  void forget(long from) {
    retain(visit -> time(visit) >= from, MAX_VISITS);
  }

  byte[] encode() {
    return encode(FORMAT, 8 + 4 + 10, CODEC);
  }

  static IdentityVisits decode(byte[] bytes) {
    return decode(bytes, FORMAT, IdentityVisits::new, CODEC);
  }

  private long[] visitors() {
    return (long[]) field(VISITORS);
  }

  private int[] tails() {
    return (int[]) field(TAILS);
  }

  private long[] offers() {
    return (long[]) field(OFFERS);
  }
}
