package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The visitor and identity records: what they answer, what they forget, their bound and their bytes. */
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

  @Test
  void identityVisitsAnswerForTheEarliestVisitAndForgetPastTheirHorizonAndBound() {
    IdentityVisits visits = IdentityVisits.empty();
    visits.add(T + 2_000, 42L, 2, 7);
    visits.add(T, 41L, 1, 7);
    IdentityVisits read = IdentityVisits.decode(visits.encode());
    int earliest = read.earliestVisit(7, T + 3_000, 5_000);
    assertEquals(T, read.time(earliest));
    assertEquals(41L, read.visitor(earliest));
    assertEquals(1, read.tail(earliest));
    assertEquals(-1, read.earliestVisit(8, T, 5_000));

    read.forget(T + 1);
    assertEquals(1, read.size());
    for (int i = 0; i < IdentityVisits.MAX_VISITS + 3; i++) {
      read.add(T + 10_000 + i, i, i, 7);
    }
    read.forget(T);
    assertEquals(IdentityVisits.MAX_VISITS, read.size());
    assertEquals(T + 10_003, read.time(0), "the oldest went first");
  }

  /** Stored state outlives a version: these are the bytes the first version of each record wrote. */
  @Test
  void storedBytesStayAsTheFirstVersionWroteThem() {
    VisitorHistory history = VisitorHistory.empty();
    history.add(T + 3_000, 3, 77, 7, true);
    history.add(T, -1, 77, 1L << 40, false);
    IdentityVisits visits = IdentityVisits.empty();
    visits.add(T + 5, -9L, 4, 12);
    visits.add(T, 1L << 62, -4, 0);

    String historyBytes = "010280eab4dc9567ffffffff0000004d80808080808001f02e000000030000004d1e";
    String visitsBytes = "010280eab4dc95674000000000000000fffffffc000afffffffffffffff70000000418";
    assertEquals(historyBytes, HexFormat.of().formatHex(history.encode()));
    assertEquals(visitsBytes, HexFormat.of().formatHex(visits.encode()));
    assertEquals(historyBytes, HexFormat.of().formatHex(VisitorHistory.decode(HexFormat.of().parseHex(historyBytes))
        .encode()));
    assertEquals(visitsBytes, HexFormat.of().formatHex(IdentityVisits.decode(HexFormat.of().parseHex(visitsBytes))
        .encode()));
  }
}
