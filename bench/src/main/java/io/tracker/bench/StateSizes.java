package io.tracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size on disk of each state store of a Streams benchmark, over all its tasks, and per event: the figures
 * docs/scaling.md scales. Read after the app closed (RocksDB has flushed its memtables), then deleted.
 */
final class StateSizes {
  private static final Logger log = LoggerFactory.getLogger(StateSizes.class);

  private StateSizes() {}

  /** Logs {@code state store=.. bytes=.. bytes_per_event=..} per store of the state directory, then deletes it. */
  static void logAndDelete(Path stateDir, long events) throws IOException {
    Map<String, Long> bytesByStore = new TreeMap<>();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.filter(Files::isRegularFile).forEach(file -> {
        // <application id>/<task id>/<window store>/... or <application id>/<task id>/rocksdb/<key-value store>/...
        Path relative = stateDir.relativize(file);
        int store = relative.getNameCount() > 4 && relative.getName(2).toString().equals("rocksdb") ? 3 : 2;
        if (relative.getNameCount() > store + 1) {
          bytesByStore.merge(relative.getName(store).toString(), file.toFile().length(), Long::sum);
        }
      });
    }
    bytesByStore.forEach((store, bytes) -> log.info("state store={} bytes={} bytes_per_event={}", store, bytes,
        Math.round(10.0 * bytes / events) / 10.0));
    try (Stream<Path> paths = Files.walk(stateDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
