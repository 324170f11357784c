package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What IpClickRates may skip RocksDB for: only an IP never added to a bucket the task wrote all of. */
class KnownIpsTest {
  private static final long MINUTE = 60_000;
  private static final long B0 = 1_000 * MINUTE;

  @Test
  void theBucketOfTheFirstClickAndOlderOnesAreUnknownLaterOnesKnownFromTheirFirstWrite() {
    IpClickRates.KnownIps known = new IpClickRates.KnownIps(MINUTE, 100);
    assertFalse(known.absent(B0, 1), "nothing is known before the first click");
    known.advanceTo(B0 + 30_000);
    assertFalse(known.absent(B0, 1), "the store may hold the first click's minute from before the task started");
    assertFalse(known.absent(B0 - MINUTE, 1));
    assertTrue(known.absent(B0 + MINUTE, 1), "a minute after the first click's holds what the task adds");
    known.add(B0 + MINUTE, 1);
    known.add(B0, 2);
    assertFalse(known.absent(B0 + MINUTE, 1));
    assertTrue(known.absent(B0 + MINUTE, 2));
    assertFalse(known.absent(B0, 2), "still unknown");
  }

  @Test
  void aMinuteIsForgottenWhenStreamTimeLeavesItTwoMinutesBehindAndThenReadFromTheStore() {
    IpClickRates.KnownIps known = new IpClickRates.KnownIps(MINUTE, 100);
    known.advanceTo(B0);
    known.add(B0 + MINUTE, 1);
    known.advanceTo(B0 + 2 * MINUTE + 1);
    assertTrue(known.absent(B0 + MINUTE, 2), "the minute before the newest is kept");
    known.advanceTo(B0 + 3 * MINUTE);
    assertFalse(known.absent(B0 + MINUTE, 2), "forgotten: a late click there reads the store");
    known.add(B0 + MINUTE, 2);
    assertFalse(known.absent(B0 + MINUTE, 3), "and it stays unknown");
    known.advanceTo(B0 + MINUTE);
    assertFalse(known.absent(B0 + MINUTE, 3), "stream time never goes back");
  }

  @Test
  void aMinuteWithMoreIpsThanMemoryIsGivenForIsReadFromTheStore() {
    IpClickRates.KnownIps known = new IpClickRates.KnownIps(MINUTE, 2);
    known.advanceTo(B0);
    known.add(B0 + MINUTE, 1);
    known.add(B0 + MINUTE, 2);
    assertTrue(known.absent(B0 + MINUTE, 3));
    known.add(B0 + MINUTE, 3);
    assertFalse(known.absent(B0 + MINUTE, 4), "over the bound: unknown");
    assertFalse(known.absent(B0 + MINUTE, 1));
  }
}
