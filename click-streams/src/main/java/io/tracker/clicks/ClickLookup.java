package io.tracker.clicks;

import io.tracker.events.ProcessedClick;
import io.tracker.platform.Http;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Stores;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/clicks/{clickId}}: a click as recorded, with its disposition and reasons. The click id
 * carries the visitor id, the key of every click topic, so Streams metadata names the one instance and
 * partition that hold the click; that instance reads it at the click id's time ({@code /internal/clicks}).
 */
final class ClickLookup {
  static final String PATH = "/api/clicks/{clickId}";
  static final String INTERNAL_PATH = "/internal/clicks/{clickId}";
  private static final String PARTITION_PARAMETER = "partition";

  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalStores stores;
  private final Peers peers;

  ClickLookup(KafkaStreams streams, HostInfo self, LocalStores stores, Peers peers) {
    this.streams = streams;
    this.self = self;
    this.stores = stores;
    this.peers = peers;
  }

  /** The public route: finds the instance that holds the click and answers what it answers. */
  void findInCluster(HttpServerExchange exchange) {
    String clickId = exchange.getQueryParameters().get("clickId").getFirst();
    ClickId.Parts parts = parse(clickId);
    stores.awaitRunning();
    KeyQueryMetadata holder = streams.queryMetadataForKey(Stores.PROCESSED_CLICKS, parts.visitorId(),
        Serdes.String().serializer());
    if (holder == null || holder.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw new ReportUnavailable("no instance holds the partition of this click right now");
    }
    if (holder.activeHost().equals(self)) {
      sendClick(exchange, clickId, read(clickId, parts.timeMillis(), holder.partition()));
    } else {
      relay(exchange, holder.activeHost(), clickId, holder.partition());
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
    return stores.<String, ProcessedClick>windowStore(Stores.PROCESSED_CLICKS, partition).fetch(clickId, timeMillis);
  }

  private static void sendClick(HttpServerExchange exchange, String clickId, ProcessedClick click) {
    if (click == null) {
      Http.sendError(exchange, 404, "no click " + clickId + " (not recorded yet, or older than the click retention)");
    } else {
      Http.sendJson(exchange, 200, AvroJson.plain(click));
    }
  }

  private void relay(HttpServerExchange exchange, HostInfo peer, String clickId, int partition) {
    HttpResponse<byte[]> answer;
    try {
      answer = peers.get(peer, INTERNAL_PATH.replace("{clickId}", clickId) + "?" + PARTITION_PARAMETER + "="
          + partition).join();
    } catch (CompletionException e) {
      throw new ReportUnavailable(Peers.name(peer) + " cannot be reached", e.getCause());
    }
    if (answer.statusCode() != 200 && answer.statusCode() != 404) {
      throw new ReportUnavailable(Peers.name(peer) + " answered " + answer.statusCode());
    }
    exchange.setStatusCode(answer.statusCode());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Http.JSON);
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }
}
