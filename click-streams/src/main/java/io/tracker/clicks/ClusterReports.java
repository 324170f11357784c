package io.tracker.clicks;

import io.tracker.platform.Json;
import io.tracker.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a report for the whole app: every instance sums the partitions it holds, and this one adds their
 * answers up. Each partition is asked of exactly the instance that holds it, so the figure is complete or
 * the query fails with {@link ReportUnavailable}: never a silently partial sum.
 */
final class ClusterReports {
  static final String INTERNAL_PATH = "/internal/reports/clicks";
  static final String PARTITIONS_PARAMETER = "partitions";
  /** Covers a peer's own wait for RUNNING plus its store read. */
  private static final Duration PEER_TIMEOUT = LocalReports.RUNNING_WAIT.plusSeconds(3);

  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalReports local;
  private final HttpClient http;

  ClusterReports(KafkaStreams streams, HostInfo self, LocalReports local, HttpClient http) {
    this.streams = streams;
    this.self = self;
    this.local = local;
    this.http = http;
  }

  ReportTable read(ReportQuery query) {
    local.awaitRunning();
    Map<HostInfo, Set<Integer>> partitionsByInstance = streams.metadataForAllStreamsClients().stream()
        .filter(instance -> !clickPartitions(instance).isEmpty())
        .collect(Collectors.toMap(StreamsMetadata::hostInfo, ClusterReports::clickPartitions));
    if (partitionsByInstance.isEmpty()) {
      throw new ReportUnavailable("no instance holds click partitions yet");
    }
    // ask the others first so that they work while this instance reads its own store
    List<CompletableFuture<ReportTable.Partial>> remote = new ArrayList<>();
    partitionsByInstance.forEach((instance, partitions) -> {
      if (!instance.equals(self)) {
        remote.add(askPeer(instance, query, partitions));
      }
    });
    ReportTable table = new ReportTable(query);
    Set<Integer> own = partitionsByInstance.get(self);
    if (own != null) {
      table.addPartial(local.read(query, own).partial());
    }
    for (CompletableFuture<ReportTable.Partial> answer : remote) {
      try {
        table.addPartial(answer.join());
      } catch (CompletionException e) {
        throw (ReportUnavailable) e.getCause(); // peerSums turns every failure into one
      }
    }
    return table;
  }

  /** A peer's sums, or {@link ReportUnavailable} for any way in which it did not give them. */
  private static ReportTable.Partial peerSums(HostInfo peer, HttpResponse<byte[]> response, Throwable failure) {
    String name = "instance " + peer.host() + ":" + peer.port();
    if (failure != null) {
      throw new ReportUnavailable(name + " cannot be reached", failure);
    }
    if (response.statusCode() != 200) {
      throw new ReportUnavailable(name + " answered " + response.statusCode());
    }
    try {
      return Json.MAPPER.readValue(response.body(), ReportTable.Partial.class);
    } catch (IOException e) {
      throw new ReportUnavailable(name + " answered sums that cannot be read", e);
    }
  }

  private static Set<Integer> clickPartitions(StreamsMetadata instance) {
    return instance.topicPartitions().stream()
        .filter(partition -> partition.topic().equals(Topics.CLICKS))
        .map(partition -> partition.partition())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private CompletableFuture<ReportTable.Partial> askPeer(HostInfo peer, ReportQuery query, Set<Integer> partitions) {
    String partitionList = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + INTERNAL_PATH + "?" + query.toQueryString()
        + "&" + PARTITIONS_PARAMETER + "=" + partitionList);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> peerSums(peer, response, failure));
  }
}
