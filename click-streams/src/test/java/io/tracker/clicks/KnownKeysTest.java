package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a task may skip RocksDB for: only a key never added to a bucket that no earlier run of the task wrote. */
class KnownKeysTest {
  private static final long MINUTE = 60_000;
  private static final long B0 = 1_000 * MINUTE;
  private static final long NEVER_COMMITTED = -1;

  @Test
  void aTaskThatNeverCommittedKnowsTheNewestTwoBuckets() {
    KnownKeys known = new KnownKeys(MINUTE, 100, NEVER_COMMITTED);
    known.advanceTo(B0 + 30_000);
    assertTrue(known.absent(B0, 1), "its stores are empty");
    assertTrue(known.absent(B0 - MINUTE, 1));
    assertFalse(known.absent(B0 - 2 * MINUTE, 1), "older buckets are not kept in memory");
    known.add(B0, 1);
    assertFalse(known.absent(B0, 1));
    assertTrue(known.absent(B0, 2));
  }

  @Test
  void aRestartedTaskKnowsOnlyTheBucketsAfterItsCommittedStreamTime() {
    KnownKeys known = new KnownKeys(MINUTE, 100, B0 + 30_000);
    known.advanceTo(B0 + 40_000);
    assertFalse(known.absent(B0, 1), "the store may hold what the run before wrote to this minute");
    assertFalse(known.absent(B0 - MINUTE, 1));
    known.advanceTo(B0 + MINUTE);
    assertTrue(known.absent(B0 + MINUTE, 1), "no run before reached the next minute");
    known.add(B0 + MINUTE, 1);
    known.add(B0, 2);
    assertFalse(known.absent(B0 + MINUTE, 1));
    assertTrue(known.absent(B0 + MINUTE, 2));
    assertFalse(known.absent(B0, 2), "still unknown");
  }

  @Test
  void aMinuteIsForgottenWhenStreamTimeLeavesItTwoMinutesBehindAndThenReadFromTheStore() {
    KnownKeys known = new KnownKeys(MINUTE, 100, B0);
    known.advanceTo(B0 + MINUTE);
    known.add(B0 + MINUTE, 1);
    known.advanceTo(B0 + 2 * MINUTE + 1);
    assertTrue(known.absent(B0 + MINUTE, 2), "the minute before the newest is kept");
    assertFalse(known.absent(B0 + MINUTE, 1));
    known.advanceTo(B0 + 3 * MINUTE);
    assertFalse(known.absent(B0 + MINUTE, 2), "forgotten: a late click there reads the store");
    known.add(B0 + MINUTE, 2);
    assertFalse(known.absent(B0 + MINUTE, 3), "and it stays unknown");
    known.advanceTo(B0 + MINUTE);
    assertFalse(known.absent(B0 + MINUTE, 3), "stream time never goes back");
    assertFalse(known.absent(B0 + 4 * MINUTE, 3), "nor is a bucket ahead of it known");
  }

  @Test
  void aMinuteWithMoreKeysThanMemoryIsGivenForIsReadFromTheStore() {
    KnownKeys known = new KnownKeys(MINUTE, 2, B0);
    known.advanceTo(B0 + MINUTE);
    known.add(B0 + MINUTE, 1);
    known.add(B0 + MINUTE, 2);
    assertTrue(known.absent(B0 + MINUTE, 3));
    known.add(B0 + MINUTE, 3);
    assertFalse(known.absent(B0 + MINUTE, 4), "over the bound: unknown");
    assertFalse(known.absent(B0 + MINUTE, 1));
    known.advanceTo(B0 + 2 * MINUTE);
    assertFalse(known.absent(B0 + MINUTE, 4), "and so it stays as the minute before");
    assertTrue(known.absent(B0 + 2 * MINUTE, 4));
  }
}
