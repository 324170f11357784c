package io.tracker.postbacks;

import io.tracker.events.PostbackCall;
import io.tracker.events.PostbackCallState;
import io.tracker.platform.cluster.Share;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rows of the postback report: one per call (a credit's call of one postback), oldest conversion first. */
record PostbackRows(List<Row> rows) implements Share<PostbackRows> {
  private static final Comparator<Row> ORDER = Comparator.comparing((Row row) -> Instant.parse(row.conversionTime()))
      .thenComparing(Row::conversionId).thenComparingInt(Row::creditIndex).thenComparingLong(Row::postbackId);

  PostbackRows {
    rows = rows.stream().sorted(ORDER).toList();
  }

  /**
   * One call. {@code url} is as sent (before the first attempt: as it will be sent, the click's own tokens not
   * filled in yet), with secrets masked.
   */
  record Row(String conversionId, int creditIndex, long postbackId, long affiliateId, long offerId,
      String conversionTime, String url, String status, int attempts, Integer lastHttpStatus, String lastAttemptAt,
      String lastError, String nextAttemptAt) {

    static Row of(PostbackCallState state) {
      PostbackCall call = state.getCall();
      boolean pending = state.getStatus() == io.tracker.events.PostbackStatus.PENDING;
      return new Row(call.getConversionId(), call.getCreditIndex(), call.getPostbackId(), call.getAffiliateId(),
          call.getOfferId(), call.getConversionTime().toString(),
          MaskedUrl.mask(state.getSentUrl() != null ? state.getSentUrl() : call.getUrl()), state.getStatus().name(),
          state.getAttempts(), state.getLastHttpStatus(),
          state.getLastAttemptAt() == null ? null : state.getLastAttemptAt().toString(), state.getLastError(),
          pending ? state.getNextAttemptAt().toString() : null);
    }
  }

  @Override
  public PostbackRows plus(PostbackRows other) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(other.rows);
    return new PostbackRows(all);
  }
}
