package io.tracker.clicks;

import io.tracker.events.JudgedClick;
import io.tracker.schemas.ProcessedClicks;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The clicks that arrived out of order, by id at their time: the one kind of click that the look-up by id
 * ({@link RecordedClicks}) cannot find near its time in the click topics. A click is late when it is more than
 * {@link #SLACK} behind the newest event time its partition had seen; every other click sits in the click topics
 * before any record more than {@link #SLACK} newer than itself. Late clicks are few (an edge sending its journal
 * after an outage), so this store stays small; it keeps each with the offset of the click as recorded and the
 * judged click that went to the processed-click topic.
 */
final class LateClicks {
  /** Edges write clicks in about time order; this covers their skew and batching, and bounds a look-up's scan. */
  static final Duration SLACK = Duration.ofSeconds(5);

  /** A late click: where it sits in its partition of the click topic, and how it was judged. */
  record LateClick(long offset, JudgedClick judged) {
    static final Serde<LateClick> SERDE = Serdes.serdeFrom(
        (Serializer<LateClick>) (topic, late) -> late == null ? null : late.encode(),
        (Deserializer<LateClick>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    private byte[] encode() {
      byte[] judgedBytes = ProcessedClicks.JUDGED.encode(judged);
      ByteBuffer out = ByteBuffer.allocate(10 + judgedBytes.length);
      ByteUtils.writeVarlong(offset, out);
      out.put(judgedBytes);
      return Arrays.copyOf(out.array(), out.position());
    }

    private static LateClick decode(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long offset = ByteUtils.readVarlong(in);
      return new LateClick(offset, ProcessedClicks.JUDGED.decode(Arrays.copyOfRange(bytes, in.position(), bytes.length)));
    }
  }

  private LateClicks() {}

  /** Kept as long as the click topics keep the clicks themselves. */
  static StoreBuilder<WindowStore<String, LateClick>> storeBuilder(String name, Duration clickTopicRetention) {
    return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentWindowStore(name, clickTopicRetention, Duration.ofMillis(1),
            false),
        Serdes.String(), LateClick.SERDE);
  }

  static boolean isLate(long clickTime, long streamTime) {
    return clickTime < streamTime - SLACK.toMillis();
  }
}
