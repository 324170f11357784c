package io.tracker.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tracker.platform.RocksDbTuning;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the order of writes costs RocksDB: the records a click-streams commit writes (new random keys of a window
 * store: 8-byte key, 8-byte time, 4-byte sequence) put one by one as they come; the same keys sorted first and put
 * one by one, as the report row cache writes a commit's rows through Kafka Streams' stores; and sorted and written
 * in one batch per commit, which Kafka Streams' window stores do not offer. Set as the stores are: Kafka Streams'
 * write buffer and WAL off, then {@link RocksDbTuning}. Logs microseconds per put (the sort included) for three
 * rounds.
 * <pre>java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.tracker.bench.RocksDbPutOrder</pre>
 */
public final class RocksDbPutOrder {
  private static final Logger log = LoggerFactory.getLogger(RocksDbPutOrder.class);
  private static final int PER_COMMIT = 20_000;
  private static final int COMMITS = 60;
  /** Kafka Streams' own write_buffer_size for its RocksDB stores. */
  private static final long STREAMS_WRITE_BUFFER = 16L << 20;

  private RocksDbPutOrder() {}

  public static void main(String[] args) throws Exception {
    RocksDB.loadLibrary();
    for (int round = 1; round <= 3; round++) {
      for (Order order : Order.values()) {
        log.info("round={} order={} us_per_put={}", round, order.name().toLowerCase().replace('_', '-'),
            String.format("%.2f", microsPerPut(order, new Random(round))));
      }
    }
  }

  private enum Order { AS_THEY_COME, SORTED, SORTED_BATCH }

  private static double microsPerPut(Order order, Random random) throws IOException, RocksDBException {
    Path dir = Files.createTempDirectory("put-order");
    long nanos = 0;
    try (Options options = storeOptions();
         WriteOptions noWal = new WriteOptions().setDisableWAL(true);
         RocksDB db = RocksDB.open(options, dir.toString())) {
      byte[] value = new byte[40];
      for (int commit = 0; commit < COMMITS; commit++) {
        byte[][] keys = new byte[PER_COMMIT][];
        for (int i = 0; i < PER_COMMIT; i++) {
          keys[i] = ByteBuffer.allocate(20).putLong(random.nextLong()).putLong(1_790_000_000_000L).putInt(0).array();
        }
        long start = System.nanoTime();
        if (order != Order.AS_THEY_COME) {
          Arrays.sort(keys, Arrays::compareUnsigned);
        }
        if (order == Order.SORTED_BATCH) {
          try (WriteBatch batch = new WriteBatch()) {
            for (byte[] key : keys) {
              batch.put(key, value);
            }
            db.write(noWal, batch);
          }
        } else {
          for (byte[] key : keys) {
            db.put(noWal, key, value);
          }
        }
        nanos += System.nanoTime() - start;
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    return nanos / 1000.0 / (PER_COMMIT * COMMITS);
  }

  /** What a click-streams store opens with: Kafka Streams' table config and write buffer, then the tracker's tuning. */
  private static Options storeOptions() {
    Options options = new Options().setCreateIfMissing(true).setWriteBufferSize(STREAMS_WRITE_BUFFER)
        .setTableFormatConfig(new BlockBasedTableConfig());
    Properties streams = new Properties();
    RocksDbTuning.configure(streams, 64L << 20, 128L << 20);
    Map<String, Object> configs = new HashMap<>();
    streams.forEach((key, value) -> configs.put((String) key, value));
    configs.put(StreamsConfig.APPLICATION_ID_CONFIG, "put-order");
    new RocksDbTuning().setConfig("put-order", options, configs);
    return options;
  }
}
