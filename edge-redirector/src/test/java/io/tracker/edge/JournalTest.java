package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final int SEGMENT = 64 * 1024;

  @TempDir Path dir;

  private static byte[] value(int i) {
    return ("event-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean append(Journal journal, int topic, String key, long timestamp, byte[] value) {
    RecordBuffer record = Journal.begin(RecordBuffer.ofThisThread(), topic, timestamp, key);
    record.putBytes(value, 0, value.length);
    return journal.append(record);
  }

  private static void appendAll(Journal journal, int from, int to) {
    for (int i = from; i < to; i++) {
      assertTrue(append(journal, i % 2, "visitor-" + i, 1_000L + i, value(i)));
    }
  }

  private static String key(Journal.Entry entry) {
    return new String(entry.key(), StandardCharsets.UTF_8);
  }

  private static List<Journal.Entry> readAll(Journal journal) {
    return journal.read(journal.acknowledged(), Integer.MAX_VALUE);
  }

  @Test
  void readsBackWhatWasAppendedInOrderAcrossSegments() {
    Journal journal = open();
    appendAll(journal, 0, 2_000); // ~40 bytes each: several segments
    List<Journal.Entry> entries = readAll(journal);
    assertEquals(2_000, entries.size());
    for (int i = 0; i < 2_000; i++) {
      Journal.Entry entry = entries.get(i);
      assertEquals(i % 2, entry.topic());
      assertEquals("visitor-" + i, key(entry));
      assertEquals(1_000L + i, entry.timestamp());
      assertArrayEquals(value(i), entry.value());
    }
    assertTrue(segmentFiles() > 1);
  }

  @Test
  void acknowledgedEventsAreNotReadAgainAndTheirSegmentsGo() {
    Journal journal = open();
    appendAll(journal, 0, 4_000); // ~4 segments
    List<Journal.Entry> firstBatch = journal.read(0, 3_500);
    journal.acknowledge(firstBatch.get(firstBatch.size() - 1).next());
    List<Journal.Entry> rest = readAll(journal);
    assertEquals(500, rest.size());
    assertEquals("visitor-3500", key(rest.get(0)));
    assertTrue(Files.exists(segment(0)));
    journal.sync();
    assertFalse(Files.exists(segment(0)), "segments before the checkpoint go at the next sync");
    assertFalse(Files.exists(segment(SEGMENT)));
    assertEquals(List.of(), mappedSegments().stream().filter(line -> line.endsWith("(deleted)")).toList(),
        "unmapped at once, not left to a garbage collection");
    assertTrue(mappedSegments().size() <= 3, "the segment written, the one after, one kept for reuse: "
        + mappedSegments());
    appendAll(journal, 4_000, 8_000);
    assertEquals(4_500, readAll(journal).size(), "appends go on into the reused segments");
    assertEquals("visitor-7999", key(readAll(journal).get(4_499)));
  }

  @Test
  void aReopenedJournalResumesFromTheCheckpointAndAppendsAfterTheEnd() {
    synced(1_000, 400);
    // no close: as after the process was killed (the mapped pages are in the page cache)
    Journal reopened = open();
    assertEquals(600, readAll(reopened).size());
    appendAll(reopened, 1_000, 1_100);
    List<Journal.Entry> entries = readAll(reopened);
    assertEquals(700, entries.size());
    assertEquals("visitor-400", key(entries.get(0)));
    assertEquals("visitor-1099", key(entries.get(699)));
  }

  @Test
  void aTornRecordEndsTheJournalAtTheLastWholeOne() throws IOException {
    Journal journal = open();
    appendAll(journal, 0, 10);
    long tornAt = journal.read(0, 9).get(8).next(); // the start of record 9
    journal.close();
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x55, 0x55}), tornAt + Journal.HEADER_BYTES + 3); // corrupt its body
    }
    Journal reopened = open();
    assertEquals(9, readAll(reopened).size());
    appendAll(reopened, 100, 101);
    assertEquals("visitor-100", key(readAll(reopened).get(9)), "new records go where the torn one was");
  }

  @Test
  void aFullJournalRefusesAndSaysSo() {
    Journal journal = new Journal(dir, SEGMENT, 2 * SEGMENT);
    int appended = 0;
    while (append(journal, 0, "v", 1L, new byte[1_000])) {
      appended++;
    }
    assertTrue(appended > 100 && appended < 200, "about 2 segments' worth: " + appended);
    assertFalse(append(journal, 0, "v", 1L, new byte[1_000]));
    journal.acknowledge(journal.end());
    assertTrue(append(journal, 0, "v", 1L, new byte[1_000]), "room again once Kafka has acknowledged");
  }

  @Test
  void whatWasAcknowledgedAfterTheLastSyncIsReadAgainAfterARestart() {
    Journal journal = synced(100, 40);
    journal.acknowledge(journal.end()); // Kafka has all, but no sync followed before the process died
    Journal reopened = open();
    List<Journal.Entry> entries = readAll(reopened);
    assertEquals(60, entries.size(), "sent again: downstream dedupes them by event id");
    assertEquals("visitor-40", key(entries.get(0)));
  }

  @Test
  void theNextSegmentIsMappedAheadAndTakenOverWhenTheWrittenOneIsFull() {
    Journal journal = open();
    appendAll(journal, 0, 10);
    assertFalse(Files.exists(segment(SEGMENT)));
    journal.sync();
    assertTrue(Files.exists(segment(SEGMENT)), "mapped ahead by the flusher");
    appendAll(journal, 10, 3_000);
    assertEquals(3_000, readAll(journal).size());
    Journal reopened = open();
    assertEquals(3_000, readAll(reopened).size(), "every record found again across the segments");
  }

  @Test
  void theOlderRecordsOfAReusedSegmentAreNeverTakenForNewOnes() {
    Journal journal = open();
    byte[] sameSize = new byte[100]; // records of one size: the older ones line up with the new ones exactly
    int size = Journal.HEADER_BYTES + 1 + 8 + 2 + "old-0".length() + sameSize.length;
    while (journal.end() < 2L * SEGMENT) {
      assertTrue(append(journal, 0, "old-0", 1L, sameSize));
    }
    journal.acknowledge(journal.end());
    journal.sync(); // the first segment, full of records, is kept and made the next segment but one
    while (3L * SEGMENT - journal.end() >= size + 4) { // fill the segment being written
      assertTrue(append(journal, 0, "old-1", 1L, sameSize));
    }
    long beforeNew = journal.end();
    assertTrue(append(journal, 0, "new-1", 2L, sameSize)); // into the reused segment
    assertTrue(append(journal, 0, "new-2", 2L, sameSize));
    journal.acknowledge(beforeNew);
    journal.sync();
    Journal reopened = open(); // as after a kill
    assertEquals(List.of("new-1", "new-2"), readAll(reopened).stream().map(JournalTest::key).toList());
    assertEquals(journal.end(), reopened.end());
  }

  @Test
  void aCheckpointWhoseSegmentIsGoneResumesAtTheNextSegment() throws IOException {
    Journal journal = open();
    appendAll(journal, 0, 3_000);
    List<Journal.Entry> all = readAll(journal);
    long inThirdSegment = all.stream().filter(e -> e.next() > 2L * SEGMENT).findFirst().orElseThrow().next();
    journal.acknowledge(inThirdSegment);
    journal.sync();
    // a crash kept the deletions of the sync but not its checkpoint: it still points into the first segment
    Files.writeString(dir.resolve("checkpoint"), "100");
    Journal reopened = open();
    List<Journal.Entry> entries = readAll(reopened);
    long unacknowledged = all.stream().filter(e -> e.next() > inThirdSegment).count();
    assertTrue(entries.size() >= unacknowledged, "nothing Kafka did not have is lost");
    assertEquals(key(all.get(all.size() - 1)), key(entries.get(entries.size() - 1)));
    assertEquals(reopened.end() - reopened.acknowledged(), reopened.pendingBytes());
    assertTrue(reopened.pendingBytes() < 2L * SEGMENT, "the gap before the next segment is not pending");
  }

  /** The journal in dir with room for ten segments; opened again, as after a restart, it finds what is there. */
  private Journal open() {
    return new Journal(dir, SEGMENT, 10 * SEGMENT);
  }

  /** A journal of {@code records} records, the first {@code acknowledged} of them acknowledged by Kafka and synced. */
  private Journal synced(int records, int acknowledged) {
    Journal journal = open();
    appendAll(journal, 0, records);
    journal.acknowledge(journal.read(0, acknowledged).get(acknowledged - 1).next());
    journal.sync();
    return journal;
  }

  private Path segment(long base) {
    return dir.resolve(String.format("%020d", base) + ".journal");
  }

  /** The distinct files of this journal that this process has mapped (Linux). */
  private List<String> mappedSegments() {
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      return maps.filter(line -> line.contains(dir.toString())).map(line -> line.substring(line.indexOf('/')))
          .distinct().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private long segmentFiles() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".journal")).count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
