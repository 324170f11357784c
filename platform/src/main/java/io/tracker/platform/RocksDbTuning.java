package io.tracker.platform;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB as the tracker's state stores use it: mostly point look-ups of keys never seen before (a new visitor, a
 * new IP), puts of new keys, and report rows read in time ranges. Set on every store of a Streams app:
 * <ul>
 *   <li>Bloom filters on every level: Kafka Streams turns {@code optimize_filters_for_hits} on, which drops the
 *       last level's filters, where most keys live, so each miss would read a data block there.</li>
 *   <li>A bloom filter on the memtable too, so a miss skips the skiplist search, the costliest step of a get.</li>
 *   <li>A small floor per memtable. Every store instance (with six tasks, click-streams has 54, and each has the
 *       offsets column family too) holds a memtable from its first write: its bloom filter, sized from the 16 MiB
 *       write buffer, and the first block of its arena. At RocksDB's defaults (5% bloom: 800 KiB; blocks of an
 *       eighth of the write buffer: 2 MiB) that floor alone was more than the write buffer manager's bound, so it
 *       asked for a flush at nearly every write: memtables were switched while nearly empty, the flushes fell
 *       behind, and writes stopped ("3 immutable memtables") for 2-24% of the stream thread's time. With 1% (8 bits
 *       per key of a full memtable) and 256 KiB blocks the floor is about a quarter of the bound.</li>
 *   <li>Memory bounded per app: one block cache (index and filter blocks included) and one write buffer manager
 *       whose memtables are charged to that cache, shared by every store and segment (Kafka's default is a block
 *       cache and up to three memtables per RocksDB instance, and a window store is one instance per segment).
 *       The cache holds both: blocks up to its own size, memtables up to theirs.</li>
 *   <li>That cache in four shards, half of each kept for index and filter blocks. A store's filter block is one
 *       per SST file and megabytes large; in RocksDB's default of up to 64 shards a shard's high-priority pool is
 *       smaller than one filter, which is then evicted and read back from the file (and checksummed) on a later
 *       look-up: an eighth of click-streams' stream thread went there. Every look-up of a new key probes the
 *       filters, so they are what the cache must keep. One shard alone measured no better, and at times worse: the
 *       stream thread then shares one lock with RocksDB's flush and compaction threads.</li>
 *   <li>LZ4 on SST files: state on disk shrinks by about half; compression runs in RocksDB's own background
 *       threads at flush and compaction, not in the stream thread.</li>
 * </ul>
 * The sizes come from the app's typed config, through the Streams properties ({@link #configure}).
 */
public final class RocksDbTuning implements RocksDBConfigSetter {
  private static final String BLOCK_CACHE_BYTES = "tracker.rocksdb.block.cache.bytes";
  private static final String WRITE_BUFFER_BYTES = "tracker.rocksdb.write.buffer.bytes";
  private static final double MEMTABLE_BLOOM_RATIO = 0.01;
  private static final long ARENA_BLOCK_BYTES = 256 * 1024;
  private static final int CACHE_SHARD_BITS = 2;
  private static final double INDEX_AND_FILTER_SHARE = 0.5;

  /** Per application id: the stores of one app share them, two apps in one JVM do not. */
  private static final Map<String, Shared> SHARED = new ConcurrentHashMap<>();

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  /** Sets this class on an app's Streams properties with its memory bounds. */
  public static void configure(Properties streamsProperties, long blockCacheBytes, long writeBufferBytes) {
    streamsProperties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbTuning.class);
    streamsProperties.put(BLOCK_CACHE_BYTES, blockCacheBytes);
    streamsProperties.put(WRITE_BUFFER_BYTES, writeBufferBytes);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared shared = SHARED.computeIfAbsent((String) configs.get(StreamsConfig.APPLICATION_ID_CONFIG), app -> {
      // memtables are charged to the cache: it holds them and the blocks read, within one bound
      long writeBuffers = bytes(configs, WRITE_BUFFER_BYTES);
      Cache cache = new LRUCache(bytes(configs, BLOCK_CACHE_BYTES) + writeBuffers, CACHE_SHARD_BITS, false,
          INDEX_AND_FILTER_SHARE);
      return new Shared(cache, new WriteBufferManager(writeBuffers, cache));
    });
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setOptimizeFiltersForHits(false);
    options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
    options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    options.setMemtableWholeKeyFiltering(true);
    options.setCompressionType(CompressionType.LZ4_COMPRESSION);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager outlive any one store: they are the app's, for the life of the JVM
  }

  private static long bytes(Map<String, Object> configs, String key) {
    return ((Number) configs.get(key)).longValue();
  }
}
