package io.tracker.clicks;

import io.tracker.clickstate.Tally;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.report.SubIdRowsKey;
import io.tracker.schemas.AvroSerde;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The report stores' keys and values in a compact binary form: a format byte, numbers as varints, strings as
 * length and UTF-8 bytes, absent strings as a bit. Every click reads and writes report rows through the record
 * cache, which serializes the key on each access; this form is several times cheaper to write than Avro's
 * single-object encoding and leaves out its 10-byte header, on each key and value, in RocksDB and the changelogs.
 * Rows that versions before this one wrote (Avro single-object, which starts with 0xC3 0x01) are still read;
 * a row of the same cell written since is another key, and a report adds both up.
 */
final class ReportSerdes {
  private ReportSerdes() {}

  private static final byte FORMAT = 1;
  /** Rows take tens of bytes; keys with long sub id values take a larger buffer. */
  private static final int FIRST_BUFFER_BYTES = 256;
  private static final int TEST = 1;
  private static final int S1 = 2;
  private static final int DEVICE = 4;
  private static final int BROWSER = 8;
  private static final int OS = 16;
  private static final int COUNTRY = 32;
  private static final int REASON = 64;
  private static final int OVERFLOW = 1;
  private static final int VALUE = 2;

  static final Serde<ReportKey> REPORT_KEY = serde(ReportKey.class, ReportSerdes::writeKey, ReportSerdes::readKey);

  static final Serde<SubIdKey> SUB_ID_KEY = serde(SubIdKey.class, (key, out) -> {
    ByteUtils.writeUnsignedVarint(key.getSlot(), out);
    out.put((byte) ((key.getOverflow() ? OVERFLOW : 0) | (key.getValue() != null ? VALUE : 0)));
    if (key.getValue() != null) {
      writeString(key.getValue(), out);
    }
    writeKey(key.getDimensions(), out);
  }, in -> {
    int slot = ByteUtils.readUnsignedVarint(in);
    int flags = in.get();
    String value = (flags & VALUE) != 0 ? readString(in) : null;
    return new SubIdKey(slot, value, (flags & OVERFLOW) != 0, readKey(in));
  });

  static final Serde<SubIdRowsKey> SUB_ID_ROWS_KEY = serde(SubIdRowsKey.class, (key, out) -> {
    ByteUtils.writeUnsignedVarint(key.getSlot(), out);
    ByteUtils.writeVarlong(key.getAffiliateId(), out);
    ByteUtils.writeVarlong(key.getOfferId(), out);
  }, in -> new SubIdRowsKey(ByteUtils.readUnsignedVarint(in), ByteUtils.readVarlong(in), ByteUtils.readVarlong(in)));

  static final Serde<ReportCounts> COUNTS = serde(ReportCounts.class, (counts, out) -> writeCounts(
      counts.getClicks(), counts.getTotalClicks(), counts.getConversions(), counts.getRevenueMicros(),
      counts.getPayoutMicros(), counts.getPendingConversions(), counts.getPendingPayoutMicros(), out),
      in -> new ReportCounts(ByteUtils.readVarlong(in), ByteUtils.readVarlong(in), in.getDouble(),
      ByteUtils.readVarlong(in), ByteUtils.readVarlong(in), in.hasRemaining() ? in.getDouble() : 0.0,
      in.hasRemaining() ? ByteUtils.readVarlong(in) : 0L));

  /** At most: the format byte, five varlongs and two doubles. */
  private static final int COUNTS_MAX_BYTES = 1 + 5 * 10 + 2 * 8;

  /**
   * {@link #COUNTS}' form of a row's figures, written from the row cache's longs at each commit without a
   * {@link ReportCounts} in between.
   */
  static byte[] countsBytes(long clicks, long totalClicks, double conversions, long revenueMicros, long payoutMicros,
      double pendingConversions, long pendingPayoutMicros) {
    ByteBuffer out = ByteBuffer.allocate(COUNTS_MAX_BYTES);
    out.put(FORMAT);
    writeCounts(clicks, totalClicks, conversions, revenueMicros, payoutMicros, pendingConversions,
        pendingPayoutMicros, out);
    return Arrays.copyOf(out.array(), out.position());
  }

  private static void writeCounts(long clicks, long totalClicks, double conversions, long revenueMicros,
      long payoutMicros, double pendingConversions, long pendingPayoutMicros, ByteBuffer out) {
    ByteUtils.writeVarlong(clicks, out);
    ByteUtils.writeVarlong(totalClicks, out);
    out.putDouble(conversions);
    ByteUtils.writeVarlong(revenueMicros, out);
    ByteUtils.writeVarlong(payoutMicros, out);
    // pending figures only where there are any: click rows, the most written, stay as small as before
    if (pendingConversions != 0 || pendingPayoutMicros != 0) {
      out.putDouble(pendingConversions);
      ByteUtils.writeVarlong(pendingPayoutMicros, out);
    }
  }

  static final Serde<Tally> TALLY = serde(Tally.class, (tally, out) -> ByteUtils.writeVarlong(tally.getCount(), out),
      in -> new Tally(ByteUtils.readVarlong(in)));

  /** {@link #TALLY}'s form of a count, as the row cache writes it. */
  static byte[] tallyBytes(long count) {
    ByteBuffer out = ByteBuffer.allocate(1 + 10);
    out.put(FORMAT);
    ByteUtils.writeVarlong(count, out);
    return Arrays.copyOf(out.array(), out.position());
  }

  private static void writeKey(ReportKey key, ByteBuffer out) {
    ByteUtils.writeVarlong(key.getAffiliateId(), out);
    ByteUtils.writeVarlong(key.getOfferId(), out);
    ByteUtils.writeVarlong(key.getCampaignId(), out);
    ByteUtils.writeVarlong(key.getCreativeId(), out);
    out.put((byte) ((key.getTest() ? TEST : 0) | (key.getS1() != null ? S1 : 0) | (key.getDevice() != null ? DEVICE : 0)
        | (key.getBrowser() != null ? BROWSER : 0) | (key.getOs() != null ? OS : 0)
        | (key.getCountry() != null ? COUNTRY : 0) | (key.getReason() != null ? REASON : 0)));
    for (String text : new String[] {key.getS1(), key.getDevice(), key.getBrowser(), key.getOs(), key.getCountry(),
        key.getReason()}) {
      if (text != null) {
        writeString(text, out);
      }
    }
  }

  private static ReportKey readKey(ByteBuffer in) {
    long affiliate = ByteUtils.readVarlong(in);
    long offer = ByteUtils.readVarlong(in);
    long campaign = ByteUtils.readVarlong(in);
    long creative = ByteUtils.readVarlong(in);
    int flags = in.get();
    return new ReportKey(affiliate, offer, campaign, creative, (flags & S1) != 0 ? readString(in) : null,
        (flags & TEST) != 0, (flags & DEVICE) != 0 ? readString(in) : null,
        (flags & BROWSER) != 0 ? readString(in) : null, (flags & OS) != 0 ? readString(in) : null,
        (flags & COUNTRY) != 0 ? readString(in) : null, (flags & REASON) != 0 ? readString(in) : null);
  }

  private static void writeString(String text, ByteBuffer out) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteUtils.writeUnsignedVarint(utf8.length, out);
    out.put(utf8);
  }

  private static String readString(ByteBuffer in) {
    int length = ByteUtils.readUnsignedVarint(in);
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  /** Writes the compact form; reads it, or the Avro form of earlier versions. */
  private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, BiConsumer<T, ByteBuffer> write,
      Function<ByteBuffer, T> read) {
    AvroSerde<T> earlier = AvroSerde.of(type);
    return Serdes.serdeFrom((topic, value) -> {
      if (value == null) {
        return null;
      }
      // a fresh buffer per row, in memory the thread just allocated: the look-up of a thread-local buffer, or the
      // first touch of a long-lived one (out of the CPU's caches by then), cost 3-4% of the stream thread
      for (int size = FIRST_BUFFER_BYTES; ; size *= 2) {
        ByteBuffer out = ByteBuffer.allocate(size);
        try {
          out.put(FORMAT);
          write.accept(value, out);
          return Arrays.copyOf(out.array(), out.position());
        } catch (BufferOverflowException longer) {
          // long sub id values: try again in a larger buffer
        }
      }
    }, (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
        return earlier.decode(bytes);
      }
      if (bytes[0] != FORMAT) {
        throw new IllegalStateException("unknown format " + bytes[0] + " of a " + type.getSimpleName());
      }
      return read.apply(ByteBuffer.wrap(bytes, 1, bytes.length - 1));
    });
  }
}
