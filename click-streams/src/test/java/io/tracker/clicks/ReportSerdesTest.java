package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.clickstate.Tally;
import io.tracker.report.ReportCounts;
import io.tracker.report.ReportKey;
import io.tracker.report.SubIdKey;
import io.tracker.schemas.AvroSerde;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report stores' compact keys and values, and the Avro ones that earlier versions wrote. */
class ReportSerdesTest {
  private static final ReportKey KEY = new ReportKey(1L, 7L, 70L, 9L, "news", false, "Desktop", "Chrome", "Windows NT",
      "DE", "OFFER_CAP_REACHED");

  @Test
  void roundTripsKeysAndCountsInFewerBytesThanAvro() {
    SubIdKey subId = new SubIdKey(3, "banner-é", false,
        new ReportKey(1L, 0L, 0L, 9L, null, true, null, null, null, null, null));
    ReportCounts counts = new ReportCounts(2L, 5L, 0.25, 1_000_000L, -3L, 0.0, 0L);

    byte[] key = ReportSerdes.REPORT_KEY.serializer().serialize("t", KEY);
    assertEquals(KEY, ReportSerdes.REPORT_KEY.deserializer().deserialize("t", key));
    assertEquals(subId, ReportSerdes.SUB_ID_KEY.deserializer().deserialize("t",
        ReportSerdes.SUB_ID_KEY.serializer().serialize("t", subId)));
    assertEquals(counts, ReportSerdes.COUNTS.deserializer().deserialize("t",
        ReportSerdes.COUNTS.serializer().serialize("t", counts)));
    assertTrue(key.length + 10 < AvroSerde.of(ReportKey.class).encode(KEY).length, key.length + " bytes");
  }

  @Test
  void roundTripsKeysLongerThanTheFirstBuffer() {
    SubIdKey subId = new SubIdKey(2, "x".repeat(1_000), false, KEY);

    byte[] key = ReportSerdes.SUB_ID_KEY.serializer().serialize("t", subId);

    assertEquals(subId, ReportSerdes.SUB_ID_KEY.deserializer().deserialize("t", key));
    assertTrue(key.length > 1_000, key.length + " bytes");
  }

  @Test
  void theRowCacheWritesFiguresInTheSameFormAsTheSerdes() {
    for (ReportCounts counts : List.of(new ReportCounts(1L, 1L, 0.0, 0L, 0L, 0.0, 0L),
        new ReportCounts(Long.MIN_VALUE, Long.MAX_VALUE, -0.5, Long.MAX_VALUE, Long.MIN_VALUE, 2.5, Long.MIN_VALUE),
        new ReportCounts(0L, 0L, 0.0, 0L, 0L, 0.0, -7L))) {
      assertArrayEquals(ReportSerdes.COUNTS.serializer().serialize("t", counts),
          ReportSerdes.countsBytes(counts.getClicks(), counts.getTotalClicks(), counts.getConversions(),
              counts.getRevenueMicros(), counts.getPayoutMicros(), counts.getPendingConversions(),
              counts.getPendingPayoutMicros()), counts.toString());
    }
    for (long count : new long[] {0L, 1L, Long.MAX_VALUE}) {
      assertArrayEquals(ReportSerdes.TALLY.serializer().serialize("t", new Tally(count)),
          ReportSerdes.tallyBytes(count));
    }
  }

  @Test
  void readsTheAvroRowsOfEarlierVersions() {
    assertEquals(KEY, ReportSerdes.REPORT_KEY.deserializer().deserialize("t", AvroSerde.of(ReportKey.class).encode(KEY)));
    ReportCounts counts = new ReportCounts(1L, 1L, 0.0, 0L, 0L, 0.0, 0L);
    assertEquals(counts, ReportSerdes.COUNTS.deserializer().deserialize("t",
        AvroSerde.of(ReportCounts.class).encode(counts)));
  }
}
