package io.tracker.clicks;

import io.tracker.platform.Json;
import io.tracker.schemas.Topics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a report for the whole app: every instance sums the partitions it holds, and this one adds their
 * answers up. Each partition is asked of exactly the instance that holds it, and the instances together must
 * hold every partition, so the figure is complete or the query fails with {@link ReportUnavailable}: never a
 * silently partial sum.
 */
final class ClusterReports {
  static final String INTERNAL_PATH = "/internal/reports/clicks";
  static final String PARTITIONS_PARAMETER = "partitions";
  /** The report stores are fed by this topic: their partitions are its partitions. */
  static final String REPORT_TOPIC = Topics.CLICKS;

  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalReports local;
  private final Peers peers;
  private final PartitionCount partitionCount;

  ClusterReports(KafkaStreams streams, HostInfo self, LocalReports local, Peers peers, PartitionCount partitionCount) {
    this.streams = streams;
    this.self = self;
    this.local = local;
    this.peers = peers;
    this.partitionCount = partitionCount;
  }

  ReportTable read(ReportQuery query) {
    local.awaitRunning();
    Map<HostInfo, Set<Integer>> partitionsByInstance = streams.metadataForAllStreamsClients().stream()
        .filter(instance -> !reportPartitions(instance).isEmpty())
        .collect(Collectors.toMap(StreamsMetadata::hostInfo, ClusterReports::reportPartitions));
    Set<Integer> missing = missingPartitions(partitionsByInstance, partitionCount.get());
    if (!missing.isEmpty()) {
      throw new ReportUnavailable("no instance holds report partitions " + missing + " right now");
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

  /** The partitions of 0..count-1 that no instance holds. */
  static Set<Integer> missingPartitions(Map<HostInfo, Set<Integer>> partitionsByInstance, int count) {
    Set<Integer> missing = IntStream.range(0, count).boxed().collect(Collectors.toCollection(TreeSet::new));
    partitionsByInstance.values().forEach(missing::removeAll);
    return missing;
  }

  /** A peer's sums, or {@link ReportUnavailable} for any way in which it did not give them. */
  private static ReportTable.Partial peerSums(HostInfo peer, HttpResponse<byte[]> response, Throwable failure) {
    if (failure != null) {
      throw new ReportUnavailable(Peers.name(peer) + " cannot be reached", failure);
    }
    if (response.statusCode() != 200) {
      throw new ReportUnavailable(Peers.name(peer) + " answered " + response.statusCode());
    }
    try {
      return Json.MAPPER.readValue(response.body(), ReportTable.Partial.class);
    } catch (IOException e) {
      throw new ReportUnavailable(Peers.name(peer) + " answered sums that cannot be read", e);
    }
  }

  private static Set<Integer> reportPartitions(StreamsMetadata instance) {
    return instance.topicPartitions().stream()
        .filter(partition -> partition.topic().equals(REPORT_TOPIC))
        .map(partition -> partition.partition())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private CompletableFuture<ReportTable.Partial> askPeer(HostInfo peer, ReportQuery query, Set<Integer> partitions) {
    String partitionList = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    return peers.get(peer, INTERNAL_PATH + "?" + query.toQueryString() + "&" + PARTITIONS_PARAMETER + "=" + partitionList)
        .handle((response, failure) -> peerSums(peer, response, failure));
  }
}
