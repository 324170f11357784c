package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import io.tracker.platform.Http;
import io.tracker.schemas.ClickId;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/clicks/{clickId}}: a click as recorded, with its disposition and reasons. The click id
 * carries the visitor id, the key of every click topic, so Streams metadata names the one instance and
 * partition that hold the click; that instance ({@code /internal/clicks}) finds it in the click topics near the
 * click id's time ({@link RecordedClicks}), or, when it arrived out of order, through its late-clicks store.
 */
final class ClickLookup {
  static final String PATH = "/api/clicks/{clickId}";
  static final String INTERNAL_PATH = "/internal/clicks/{clickId}";
  private static final String PARTITION_PARAMETER = "partition";

  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalStores stores;
  private final Peers peers;
  private final RecordedClicks recorded;

  ClickLookup(KafkaStreams streams, HostInfo self, LocalStores stores, Peers peers, RecordedClicks recorded) {
    this.streams = streams;
    this.self = self;
    this.stores = stores;
    this.peers = peers;
    this.recorded = recorded;
  }

  /** The public route: finds the instance that holds the click and answers what it answers. */
  void findInCluster(HttpServerExchange exchange) {
    String clickId = exchange.getQueryParameters().get("clickId").getFirst();
    ClickId.Parts parts = parse(clickId);
    stores.awaitRunning();
    KeyQueryMetadata holder = streams.queryMetadataForKey(ClickStores.LATE_CLICKS, parts.visitorId(),
        Serdes.String().serializer());
    if (holder == null || holder.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw new ReportUnavailable("no instance holds the partition of this click right now");
    }
    if (holder.activeHost().equals(self)) {
      sendClick(exchange, clickId, read(clickId, parts, holder.partition()));
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
    sendClick(exchange, clickId, read(clickId, parse(clickId), partitionNumber));
  }

  private static ClickId.Parts parse(String clickId) {
    return ClickId.parse(clickId)
        .orElseThrow(() -> new ReportQuery.InvalidQuery("'" + clickId + "' is not a click id"));
  }

  /** The click and its judgement as JSON values, or null when this partition has not (or no longer) got it. */
  private Object read(String clickId, ClickId.Parts parts, int partition) {
    LateClicks.LateClick late = stores.<String, LateClicks.LateClick>windowStore(ClickStores.LATE_CLICKS, partition)
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
