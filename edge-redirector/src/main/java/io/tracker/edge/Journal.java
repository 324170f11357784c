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

/**
 * The edge's durable spool: an append-only log of events not yet acknowledged by Kafka, in memory-mapped
 * segment files. An append is a copy into the page cache, so it survives the process being killed; a flusher
 * forces it to disk in batches, which bounds what a machine crash can take. A checkpoint file holds the
 * position up to which Kafka has acknowledged everything; after a restart the tail from there is sent again
 * (downstream dedupes by event id).
 *
 * <p>Positions are byte offsets over the whole journal; a segment file is named by the offset it starts at.
 * A record is {@code int length, int crc32c, payload}; the length is written last, so a reader sees a record
 * whole or not at all. {@code length == -1} marks the rest of a segment as unused. The payload is
 * {@code byte topic, long timestamp, short key length, key, value}. A record is built whole beforehand, on the
 * appending thread ({@link #begin}, then the value written straight after it), so that an append under the lock
 * is one copy.
 */
final class Journal implements AutoCloseable {
  static final int HEADER_BYTES = 8;
  private static final int PAYLOAD_FRAMING = 1 + 8 + 2;
  private static final int END_OF_SEGMENT = -1;
  private static final String SUFFIX = ".journal";
  private static final String CHECKPOINT = "checkpoint";

  /** One event as stored: which topic (index into the edge's topics), its key, timestamp and bytes. */
  record Entry(int topic, byte[] key, long timestamp, byte[] value, long next) {}

  private final Path dir;
  private final int segmentBytes;
  private final long maxPendingBytes;
  private final Map<Long, MappedByteBuffer> segments = new ConcurrentSkipListMap<>();
  private MappedByteBuffer writeSegment;
  private long writeBase;
  private volatile long end;
  private volatile long acknowledged;

  Journal(Path dir, int segmentBytes, long maxPendingBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxPendingBytes = maxPendingBytes;
    try {
      Files.createDirectories(dir);
      acknowledged = readCheckpoint();
      openSegments();
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

  /** Kafka has everything before {@code position}: remember it and drop the segments wholly before it. */
  void acknowledge(long position) {
    try {
      Path temp = dir.resolve(CHECKPOINT + ".tmp");
      Files.writeString(temp, Long.toString(position));
      Files.move(temp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      acknowledged = position;
      for (Long base : List.copyOf(segments.keySet())) {
        if (base + segmentBytes <= position && base != writeBase) {
          segments.remove(base);
          Files.deleteIfExists(segmentFile(base));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal checkpoint", e);
    }
  }

  /** Forces what was appended to disk (the page cache already survives the process). */
  void force() {
    MappedByteBuffer current;
    synchronized (this) {
      current = writeSegment;
    }
    current.force();
  }

  @Override
  public synchronized void close() {
    writeSegment.force();
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
      MappedByteBuffer segment = map(base);
      segments.put(base, segment);
      writeBase = base;
      writeSegment = segment;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a journal segment in " + dir, e);
    }
  }

  private MappedByteBuffer map(long base) throws IOException {
    try (FileChannel channel = FileChannel.open(segmentFile(base), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
    }
  }
}
