package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import io.tracker.platform.Http;
import io.tracker.platform.cluster.ClusterQueries;
import io.tracker.platform.cluster.LocalStores;
import io.tracker.schemas.ClickId;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code GET /api/clicks/{clickId}}: a click as recorded, with its disposition and reasons. The click id
 * carries the visitor id, the key of every click topic, so Streams metadata names the one instance and
 * partition that hold the click; that instance (on its internal route) finds it in the click topics near the
 * click id's time ({@link RecordedClicks}), or, when it arrived out of order, through its late-clicks store.
 */
final class ClickLookup {
  static final String INTERNAL_NAME = "clicks/{clickId}";
  private static final String PARTITION_PARAMETER = "partition";

  private final ClusterQueries<?> cluster;
  private final LocalStores stores;
  private final RecordedClicks recorded;

  ClickLookup(ClusterQueries<?> cluster, LocalStores stores, RecordedClicks recorded) {
    this.cluster = cluster;
    this.stores = stores;
    this.recorded = recorded;
  }

  /** The public route: finds the instance that holds the click and answers what it answers. */
  void findInCluster(HttpServerExchange exchange) {
    String clickId = exchange.getQueryParameters().get("clickId").getFirst();
    ClickId.Parts parts = parse(clickId);
    ClusterQueries.Holder holder = cluster.holderOf(ClickStores.LATE_CLICKS, parts.visitorId());
    if (holder.here()) {
      sendClick(exchange, clickId, read(clickId, parts, holder.partition()));
    } else {
      cluster.relay(exchange, holder.host(), cluster.internalPath(INTERNAL_NAME).replace("{clickId}", clickId) + "?"
          + PARTITION_PARAMETER + "=" + holder.partition(), Set.of(200, 404));
    }
  }

  /** The internal route: the click from the named partition of this instance. */
  void findHere(HttpServerExchange exchange) {
    String clickId = exchange.getQueryParameters().get("clickId").getFirst();
    Deque<String> partition = exchange.getQueryParameters().get(PARTITION_PARAMETER);
    int partitionNumber;
    try {
      partitionNumber = Integer.parseInt(partition == null ? "" : partition.getFirst());
    } catch (NumberFormatException e) {
      throw new ReportQuery.InvalidQuery(PARTITION_PARAMETER + " must be a partition number");
    }
    sendClick(exchange, clickId, read(clickId, parse(clickId), partitionNumber));
  }

  private static ClickId.Parts parse(String clickId) {
    return ClickId.parse(clickId)
        .orElseThrow(() -> new ReportQuery.InvalidQuery("'" + clickId + "' is not a click id"));
  }

  /** The click and its judgement as JSON values, or null when this partition has not (or no longer) got it. */
  private Object read(String clickId, ClickId.Parts parts, int partition) {
    LateClicks.LateClick late = stores.store(ClickStores.LATE_CLICKS,
        QueryableStoreTypes.<String, LateClicks.LateClick>windowStore(), partition)
        .fetch(clickId, parts.timeMillis());
    if (late != null) {
      Click click = recorded.clickAt(partition, late.offset(), clickId);
      return click == null ? null : ClickView.of(click, late.judged());
    }
    SpecificRecord judgement = recorded.judgement(partition, parts.visitorId(), clickId, parts.timeMillis());
    if (judgement instanceof ProcessedClick earlier) {
      return ClickView.of(earlier); // an earlier version's record holds the click too
    }
    if (judgement == null) {
      return null;
    }
    Click click = recorded.click(partition, parts.visitorId(), clickId, parts.timeMillis());
    return click == null ? null : ClickView.of(click, (JudgedClick) judgement);
  }

  private static void sendClick(HttpServerExchange exchange, String clickId, Object click) {
    if (click == null) {
      Http.sendError(exchange, 404, "no click " + clickId + " (not recorded yet, or older than the click topics keep)");
    } else {
      Http.sendJson(exchange, 200, click);
    }
  }
}
