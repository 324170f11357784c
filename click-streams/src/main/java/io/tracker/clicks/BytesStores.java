package io.tracker.clicks;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.MeteredWindowStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Keys and stores of bytes: the 8-byte keys of the stores keyed by an id or a hash, and the layer of a window store
 * that takes keys and values as bytes, for the stores whose writer holds them serialized already, so that the
 * metered layer does not serialize (and time) each write again.
 */
final class BytesStores {
  private BytesStores() {}

  /** The key of a 64-bit id or hash: its 8 bytes, big-endian, which RocksDB orders as the numbers unsigned. */
  static Bytes keyOf(long id) {
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
  }

  /**
   * What the metered store a processor sees wraps: the change-logging bytes store (the changelog and RocksDB),
   * as Kafka Streams builds every persistent window store.
   */
  @SuppressWarnings("unchecked")
  static WindowStore<Bytes, byte[]> belowMetrics(StateStore store) {
    StateStore layer = store;
    while (!(layer instanceof MeteredWindowStore<?, ?> metered)) {
      if (!(layer instanceof WrappedStateStore<?, ?, ?> wrapper)) {
        throw new IllegalStateException("not a metered window store: " + store.getClass().getName());
      }
      layer = wrapper.wrapped();
    }
    return (WindowStore<Bytes, byte[]>) metered.wrapped();
  }
}
