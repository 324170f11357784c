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
    Journal journal = new Journal(dir, SEGMENT, 10 * SEGMENT);
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
    Journal journal = new Journal(dir, SEGMENT, 10 * SEGMENT);
    appendAll(journal, 0, 2_000);
    List<Journal.Entry> firstBatch = journal.read(0, 1_500);
    journal.acknowledge(firstBatch.get(firstBatch.size() - 1).next());
    List<Journal.Entry> rest = readAll(journal);
    assertEquals(500, rest.size());
    assertEquals("visitor-1500", key(rest.get(0)));
    assertTrue(segmentFiles() < 3, "segments before the checkpoint are deleted");
  }

  @Test
  void aReopenedJournalResumesFromTheCheckpointAndAppendsAfterTheEnd() {
    Journal journal = new Journal(dir, SEGMENT, 10 * SEGMENT);
    appendAll(journal, 0, 1_000);
    journal.acknowledge(journal.read(0, 400).get(399).next());
    // no close: as after the process was killed (the mapped pages are in the page cache)
    Journal reopened = new Journal(dir, SEGMENT, 10 * SEGMENT);
    assertEquals(600, readAll(reopened).size());
    appendAll(reopened, 1_000, 1_100);
    List<Journal.Entry> entries = readAll(reopened);
    assertEquals(700, entries.size());
    assertEquals("visitor-400", key(entries.get(0)));
    assertEquals("visitor-1099", key(entries.get(699)));
  }

  @Test
  void aTornRecordEndsTheJournalAtTheLastWholeOne() throws IOException {
    Journal journal = new Journal(dir, SEGMENT, 10 * SEGMENT);
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
    Journal reopened = new Journal(dir, SEGMENT, 10 * SEGMENT);
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

  private long segmentFiles() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".journal")).count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
