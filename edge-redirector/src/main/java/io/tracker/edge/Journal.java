package io.tracker.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.kafka.common.utils.ByteBufferUnmapper;

/**
 * The edge's durable spool: an append-only log of events not yet acknowledged by Kafka, in memory-mapped
 * segment files. An append is a copy into the page cache, so it survives the process being killed; {@link #sync}
 * (the flusher thread, every {@code journalFsyncInterval}) forces what is new to disk, which bounds what a
 * machine crash can take. A checkpoint file holds the position up to which Kafka has acknowledged everything;
 * after a restart the tail from there is sent again (downstream dedupes by event id).
 *
 * <p>Positions are byte offsets over the whole journal; a segment file is named by the offset it starts at.
 * A record is {@code int length, int crc32c, payload}; the length is written last, so a reader sees a record
 * whole or not at all, and each append writes a zero length after its record, so that the end is found even
 * in a reused segment that holds older records further on. {@code length == -1} marks the rest of a segment as
 * unused. The payload is
 * {@code byte topic, long timestamp, short key length, key, value}.
 *
 * <p>Threads: request threads append (under this object's lock, a copy of a record built beforehand); the
 * shipper reads and acknowledges; the flusher syncs: it forces, writes the checkpoint, and makes the next
 * segment ready ahead, so that an append neither creates a file nor takes page faults. Segments the checkpoint
 * has passed are let go at once (one is kept for reuse, its pages still in memory; the others are deleted and
 * unmapped) instead of when a garbage collection frees their mappings: the journal's resident memory stays
 * near three segments under any load.
 */
final class Journal implements AutoCloseable {
  static final int HEADER_BYTES = 8;
  private static final int PAYLOAD_FRAMING = 1 + 8 + 2;
  private static final int END_OF_SEGMENT = -1;
  private static final int PAGE = 4096;
  private static final String SUFFIX = ".journal";
  private static final String CHECKPOINT = "checkpoint";
  /** The next segment while the flusher gets it ready (not a segment yet: no name of one). */
  private static final String SPARE = "next-segment";

  /** One event as stored: which topic (index into the edge's topics), its key, timestamp and bytes. */
  record Entry(int topic, byte[] key, long timestamp, byte[] value, long next) {}

  private final Path dir;
  private final int segmentBytes;
  private final long maxPendingBytes;
  private final Map<Long, MappedByteBuffer> segments = new ConcurrentSkipListMap<>();
  // guarded by this: the segment appends go to, and the next one, mapped ahead by the flusher
  private MappedByteBuffer writeSegment;
  private long writeBase;
  private MappedByteBuffer spare;
  private long spareBase = -1;
  private volatile long end;
  private volatile long acknowledged;
  // the flusher's own: what is on disk, what the checkpoint file says, a released segment kept for reuse
  private long forced;
  private long checkpointed;
  private MappedByteBuffer reusable;

  Journal(Path dir, int segmentBytes, long maxPendingBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxPendingBytes = maxPendingBytes;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(SPARE)); // a next segment that was being made ready: nothing in it
      acknowledged = readCheckpoint();
      checkpointed = acknowledged;
      openSegments();
      forced = end;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the edge journal in " + dir, e);
    }
  }

  /** Bytes written and not yet acknowledged by Kafka. */
  long pendingBytes() {
    return end - acknowledged;
  }

  long maxPendingBytes() {
    return maxPendingBytes;
  }

  long acknowledged() {
    return acknowledged;
  }

  long end() {
    return end;
  }

  /** Starts a record of an event in {@code record}: the caller then writes the event's value after it. */
  static RecordBuffer begin(RecordBuffer record, int topic, long timestamp, String key) {
    record.clear().skip(HEADER_BYTES);
    record.putByte(topic);
    record.putLong(timestamp);
    int keyAt = record.length();
    record.putShort(0);
    if (!record.putAscii(key)) {
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      record.putBytes(utf8, 0, utf8.length);
    }
    int keyLength = record.length() - keyAt - 2;
    record.bytes()[keyAt] = (byte) (keyLength >>> 8);
    record.bytes()[keyAt + 1] = (byte) keyLength;
    return record;
  }

  /** Appends a record begun with {@link #begin}; false when the journal is full (the caller counts the loss). */
  boolean append(RecordBuffer record) {
    byte[] bytes = record.bytes();
    int size = record.length();
    int payload = size - HEADER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER_BYTES, payload);
    int checksum = (int) crc.getValue();
    synchronized (this) {
      if (size + HEADER_BYTES > segmentBytes || pendingBytes() + size > maxPendingBytes) {
        return false;
      }
      if (writeSegment.remaining() < size + 4) {
        if (writeSegment.remaining() >= 4) {
          writeSegment.putInt(writeSegment.position(), END_OF_SEGMENT);
        }
        roll(writeBase + segmentBytes);
      }
      int at = writeSegment.position();
      writeSegment.put(at + HEADER_BYTES, bytes, HEADER_BYTES, payload);
      writeSegment.putInt(at + 4, checksum);
      writeSegment.putInt(at + size, 0); // the end, whatever a reused segment held there before
      writeSegment.putInt(at, payload); // last: the record now exists
      writeSegment.position(at + size);
      end = writeBase + at + size;
      return true;
    }
  }

  /** Up to {@code max} entries from {@code from} on (to the end written so far). */
  List<Entry> read(long from, int max) {
    List<Entry> entries = new ArrayList<>();
    long position = from;
    long limit = end;
    while (entries.size() < max && position < limit) {
      long base = baseOf(position);
      MappedByteBuffer segment = segments.get(base);
      int at = (int) (position - base);
      int length = segment == null || at + 4 > segmentBytes ? END_OF_SEGMENT : segment.getInt(at);
      if (length <= 0) {
        position = base + segmentBytes; // the rest of this segment is unused: the next one starts there
        continue;
      }
      entries.add(decode(segment, at, length, base));
      position = entries.get(entries.size() - 1).next();
    }
    return entries;
  }

  private static Entry decode(ByteBuffer segment, int at, int length, long base) {
    int body = at + HEADER_BYTES;
    int topic = segment.get(body);
    long timestamp = segment.getLong(body + 1);
    byte[] key = new byte[segment.getShort(body + 9)];
    segment.get(body + PAYLOAD_FRAMING, key);
    byte[] value = new byte[length - PAYLOAD_FRAMING - key.length];
    segment.get(body + PAYLOAD_FRAMING + key.length, value);
    return new Entry(topic, key, timestamp, value, base + at + HEADER_BYTES + length);
  }

  /** Kafka has everything before {@code position}; the checkpoint file follows at the next {@link #sync}. */
  void acknowledge(long position) {
    acknowledged = position;
  }

  /**
   * The flusher's round: forces the records appended since the last round to disk, writes the checkpoint when
   * Kafka acknowledged more and lets go of the segments wholly before it, and gets the next segment ready, so
   * that an append never creates a file nor takes a page fault. After a crash, at most the records acknowledged
   * since the last round are sent to Kafka again.
   */
  void sync() {
    try {
      force(end);
      checkpoint(acknowledged);
      prepareNextSegment();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the edge journal in " + dir, e);
    }
  }

  private void force(long upTo) {
    while (forced < upTo) {
      long base = baseOf(forced);
      int from = (int) (forced - base);
      int to = (int) Math.min(segmentBytes, upTo - base);
      MappedByteBuffer segment = segments.get(base);
      if (segment != null && to > from) { // absent: acknowledged and released, nothing left to keep
        segment.force(from, to - from);
      }
      forced = to == segmentBytes ? base + segmentBytes : upTo;
    }
  }

  /**
   * Writes the checkpoint, then lets go of the segments wholly before it: one is kept, mapped, to be the next
   * segment but one (its pages stay in memory, so writing it again costs no page faults); the others are
   * deleted and unmapped at once.
   */
  private void checkpoint(long position) throws IOException {
    if (position == checkpointed) {
      return;
    }
    Path temp = dir.resolve(CHECKPOINT + ".tmp");
    Files.writeString(temp, Long.toString(position));
    Files.move(temp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    checkpointed = position;
    long current;
    synchronized (this) {
      current = writeBase;
    }
    for (Long base : List.copyOf(segments.keySet())) {
      if (base + segmentBytes <= position && base != current) {
        MappedByteBuffer released = segments.remove(base);
        if (reusable == null) {
          Files.move(segmentFile(base), dir.resolve(SPARE), StandardCopyOption.REPLACE_EXISTING);
          reusable = released;
        } else {
          Files.deleteIfExists(segmentFile(base));
          ByteBufferUnmapper.unmap(segmentFile(base).toString(), released);
        }
      }
    }
  }

  /**
   * Makes the segment after the one being written, under a name of its own until it is ready: a released
   * segment, else a new file, with every page brought into memory and made writable here (instead of a page
   * fault per 4 KiB on the request threads) and its first length cleared (a reused one holds older records,
   * which the zero length written after each append keeps out of reach), then named for its position and
   * handed over.
   */
  private void prepareNextSegment() throws IOException {
    synchronized (this) {
      if (spare != null) {
        return;
      }
    }
    MappedByteBuffer prepared = reusable != null ? reusable : mapFile(dir.resolve(SPARE));
    reusable = null;
    for (int page = 0; page < segmentBytes; page += PAGE) {
      prepared.put(page, prepared.get(page)); // the same byte back: the page is now present and writable
    }
    prepared.putInt(0, 0);
    synchronized (this) {
      // named under the lock: an append that rolled over without a spare mapped its next segment itself, and
      // this one is then the segment after that
      long next = writeBase + segmentBytes;
      Files.move(dir.resolve(SPARE), segmentFile(next), StandardCopyOption.REPLACE_EXISTING);
      spare = prepared;
      spareBase = next;
    }
  }

  /** Forces the rest to disk and writes the checkpoint; call it once the shipper and the flusher have stopped. */
  @Override
  public void close() {
    try {
      force(end);
      checkpoint(acknowledged);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the edge journal in " + dir, e);
    }
  }

  private long baseOf(long position) {
    return position - Math.floorMod(position, (long) segmentBytes);
  }

  private Path segmentFile(long base) {
    return dir.resolve(String.format("%020d", base) + SUFFIX);
  }

  private long readCheckpoint() throws IOException {
    Path checkpoint = dir.resolve(CHECKPOINT);
    return Files.exists(checkpoint) ? Long.parseLong(Files.readString(checkpoint).strip()) : 0L;
  }

  /** Maps the segments from the checkpoint on and finds the end: the first record that is absent or torn. */
  private void openSegments() throws IOException {
    List<Long> bases;
    try (Stream<Path> files = Files.list(dir)) {
      bases = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> Long.parseLong(n.substring(0, n.length() - SUFFIX.length()))).sorted().toList();
    }
    long position = acknowledged;
    for (long base : bases) {
      if (base + segmentBytes <= acknowledged) {
        Files.deleteIfExists(segmentFile(base));
      } else {
        segments.put(base, map(base));
      }
    }
    if (!segments.isEmpty() && !segments.containsKey(baseOf(position))) {
      // the checkpoint's own segment is gone (deleted after a newer checkpoint that a crash did not keep):
      // everything before the next segment was acknowledged
      position = segments.keySet().iterator().next();
      acknowledged = position;
    }
    if (segments.isEmpty()) {
      roll(baseOf(acknowledged));
      writeSegment.position((int) (acknowledged - writeBase));
      end = acknowledged;
      return;
    }
    // walk the records to the end, checking each one's checksum
    while (true) {
      long base = baseOf(position);
      MappedByteBuffer segment = segments.get(base);
      if (segment == null) {
        break;
      }
      int at = (int) (position - base);
      int length = at + HEADER_BYTES > segmentBytes ? END_OF_SEGMENT : segment.getInt(at);
      if (length == END_OF_SEGMENT && segments.containsKey(base + segmentBytes)) {
        position = base + segmentBytes;
        continue;
      }
      if (length <= 0 || at + HEADER_BYTES + length > segmentBytes || !checksumHolds(segment, at, length)) {
        break;
      }
      position = base + at + HEADER_BYTES + length;
    }
    long lastBase = baseOf(position);
    for (Long base : List.copyOf(segments.keySet())) {
      if (base > lastBase) { // written after a torn record: cannot be trusted
        segments.remove(base);
        Files.deleteIfExists(segmentFile(base));
      }
    }
    if (!segments.containsKey(lastBase)) {
      segments.put(lastBase, map(lastBase));
    }
    writeBase = lastBase;
    writeSegment = segments.get(lastBase);
    writeSegment.position((int) (position - lastBase));
    // clear a torn tail so that it is never read as a record
    for (int i = writeSegment.position(); i < Math.min(segmentBytes, writeSegment.position() + HEADER_BYTES); i++) {
      writeSegment.put(i, (byte) 0);
    }
    end = position;
  }

  private static boolean checksumHolds(ByteBuffer segment, int at, int length) {
    CRC32C crc = new CRC32C();
    crc.update(segment.duplicate().position(at + HEADER_BYTES).limit(at + HEADER_BYTES + length));
    return (int) crc.getValue() == segment.getInt(at + 4);
  }

  private void roll(long base) {
    try {
      MappedByteBuffer segment;
      if (spare != null && spareBase == base) {
        segment = spare;
        segment.clear(); // position 0: a reused segment still has the position it was left at
        spare = null;
      } else {
        segment = map(base);
      }
      segments.put(base, segment);
      writeBase = base;
      writeSegment = segment;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a journal segment in " + dir, e);
    }
  }

  private MappedByteBuffer map(long base) throws IOException {
    return mapFile(segmentFile(base));
  }

  private MappedByteBuffer mapFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
    }
  }
}
