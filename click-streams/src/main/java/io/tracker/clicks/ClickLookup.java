package io.tracker.clicks;

import io.tracker.events.ProcessedClick;
import io.tracker.platform.Http;
import io.tracker.platform.cluster.ClusterQueries;
import io.tracker.platform.cluster.LocalStores;
import io.tracker.schemas.ClickId;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Set;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code GET /api/clicks/{clickId}}: a click as recorded, with its disposition and reasons. The click id
 * carries the visitor id, the key of every click topic, so Streams metadata names the one instance and
 * partition that hold the click; that instance reads it at the click id's time (on its internal route).
 */
final class ClickLookup {
  static final String INTERNAL_NAME = "clicks/{clickId}";
  private static final String PARTITION_PARAMETER = "partition";

  private final ClusterQueries<?> cluster;
  private final LocalStores stores;

  ClickLookup(ClusterQueries<?> cluster, LocalStores stores) {
    this.cluster = cluster;
    this.stores = stores;
  }

  /** The public route: finds the instance that holds the click and answers what it answers. */
  void findInCluster(HttpServerExchange exchange) {
    String clickId = exchange.getQueryParameters().get("clickId").getFirst();
    ClickId.Parts parts = parse(clickId);
    ClusterQueries.Holder holder = cluster.holderOf(ClickStores.PROCESSED_CLICKS, parts.visitorId());
    if (holder.here()) {
      sendClick(exchange, clickId, read(clickId, parts.timeMillis(), holder.partition()));
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
    sendClick(exchange, clickId, read(clickId, parse(clickId).timeMillis(), partitionNumber));
  }

  private static ClickId.Parts parse(String clickId) {
    return ClickId.parse(clickId)
        .orElseThrow(() -> new ReportQuery.InvalidQuery("'" + clickId + "' is not a click id"));
  }

  private ProcessedClick read(String clickId, long timeMillis, int partition) {
    return stores.store(ClickStores.PROCESSED_CLICKS, QueryableStoreTypes.<String, ProcessedClick>windowStore(), partition)
        .fetch(clickId, timeMillis);
  }

  private static void sendClick(HttpServerExchange exchange, String clickId, ProcessedClick click) {
    if (click == null) {
      Http.sendError(exchange, 404, "no click " + clickId + " (not recorded yet, or older than the click retention)");
    } else {
      Http.sendJson(exchange, 200, AvroJson.plain(click));
    }
  }
}
