package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The visitor record: what it answers, what it forgets, its bound and its bytes. */
class VisitorHistoryTest {
  private static final long T = 1_772_442_000_000L;

  @Test
  void answersForTheEarliestMatchEitherWayInTimeAndRoundTripsThroughItsBytes() {
    VisitorHistory history = VisitorHistory.empty();
    history.add(T + 3_000, 3, 77, 7, true);
    history.add(T, 1, 77, 7, false);
    history.add(T + 1_000, 2, 88, 8, true);
    VisitorHistory read = VisitorHistory.decode(history.encode());

    assertEquals(3, read.size());
    assertTrue(read.contains(T + 1_000, 2));
    assertFalse(read.contains(T + 1_000, 3), "same time, another click");
    assertEquals(T, read.time(read.earliestRequest(77, T + 4_000, 5_000)), "the earliest of the two");
    assertEquals(-1, read.earliestRequest(77, T + 8_000, 5_000), "the window is open at both ends");
    assertEquals(T + 3_000, read.time(read.earliestVisit(7, T, 5_000)), "later in time counts too; non-visits not");
    assertEquals(-1, read.earliestVisit(9, T, 5_000));
  }

  @Test
  void forgetsClicksPastTheLateLimitVisitsPastTheirHorizonAndTheOldestBeyondItsBound() {
    VisitorHistory history = VisitorHistory.empty();
    history.add(T, 1, 1, 7, false);
    history.add(T + 10, 2, 1, 7, true);
    history.add(T + 20, 3, 1, 7, false);
    history.forget(T + 15, T + 5);
    assertEquals(2, history.size(), "the visit stays longer than the plain click");
    assertEquals(T + 10, history.time(0));

    for (int i = 0; i < VisitorHistory.MAX_CLICKS + 5; i++) {
      history.add(T + 100 + i, i, i, 7, false);
    }
    history.forget(T, T);
    assertEquals(VisitorHistory.MAX_CLICKS, history.size());
    assertEquals(T + 105, history.time(0), "the oldest went first");
  }
}
