package io.tracker.attribution;

import io.tracker.platform.Http;
import io.tracker.platform.Json;
import io.tracker.schemas.Topics;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a query for the whole attribution app: each instance reads the partitions it holds as active tasks,
 * and the instance asked combines their answers. Every partition is read from exactly one instance, so the
 * answer is complete or refused with {@link ApiRequests.Unavailable} (503, retry): never silently partial.
 */
final class ClusterQuery {
  static final String PEER_PATH = "/internal/attribution/";
  static final String PARTITIONS = "partitions";
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalDecisions local;
  private final HttpClient http;

  ClusterQuery(KafkaStreams streams, HostInfo self, LocalDecisions local, HttpClient http) {
    this.streams = streams;
    this.self = self;
    this.local = local;
    this.http = http;
  }

  <A> A gather(PartitionedQuery<A> query) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      throw new ApiRequests.Unavailable("attribution is " + streams.state() + " (partitions are being assigned); retry");
    }
    Map<HostInfo, Set<Integer>> holders = streams.metadataForAllStreamsClients().stream()
        .filter(instance -> !partitionsOf(instance).isEmpty())
        .collect(Collectors.toMap(StreamsMetadata::hostInfo, ClusterQuery::partitionsOf));
    if (holders.isEmpty()) {
      throw new ApiRequests.Unavailable("no attribution instance holds partitions yet; retry");
    }
    // the others first, so that they read while this instance reads its own share
    List<CompletableFuture<A>> others = new ArrayList<>();
    holders.forEach((instance, partitions) -> {
      if (!instance.equals(self)) {
        others.add(ask(instance, query, partitions));
      }
    });
    Set<Integer> own = holders.get(self);
    A answer = own == null ? null : query.read(local, own);
    for (CompletableFuture<A> other : others) {
      A share;
      try {
        share = other.join();
      } catch (CompletionException e) {
        throw (ApiRequests.Unavailable) e.getCause(); // shareOf turns every failure into one
      }
      answer = answer == null ? share : query.combine(answer, share);
    }
    return answer;
  }

  /** The internal route on which this instance answers one kind of query for the partitions a peer names. */
  HttpHandler answering(BiFunction<Map<String, Deque<String>>, Instant, ? extends PartitionedQuery<?>> parse) {
    return exchange -> {
      Map<String, Deque<String>> parameters = new HashMap<>(exchange.getQueryParameters());
      Set<Integer> partitions = partitionList(parameters.remove(PARTITIONS));
      Http.sendJson(exchange, 200, parse.apply(parameters, Instant.now()).read(local, partitions));
    };
  }

  private <A> CompletableFuture<A> ask(HostInfo peer, PartitionedQuery<A> query, Set<Integer> partitions) {
    String partitionList = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + PEER_PATH + query.name() + "?"
        + query.toQueryString() + "&" + PARTITIONS + "=" + partitionList);
    return http.sendAsync(HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> shareOf(peer, query.answerType(), response, failure));
  }

  private static <A> A shareOf(HostInfo peer, Class<A> type, HttpResponse<byte[]> response, Throwable failure) {
    String name = "attribution instance " + peer.host() + ":" + peer.port();
    if (failure != null) {
      throw new ApiRequests.Unavailable(name + " cannot be reached; retry", failure);
    }
    if (response.statusCode() != 200) {
      throw new ApiRequests.Unavailable(name + " answered " + response.statusCode() + "; retry");
    }
    try {
      return Json.MAPPER.readValue(response.body(), type);
    } catch (IOException e) {
      throw new ApiRequests.Unavailable(name + " answered what cannot be read", e);
    }
  }

  /** The instance's partitions of the visitor-keyed inputs: those of its attribution stores. */
  private static Set<Integer> partitionsOf(StreamsMetadata instance) {
    return instance.topicPartitions().stream()
        .filter(partition -> partition.topic().equals(Topics.PROCESSED_CLICKS))
        .map(partition -> partition.partition())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Integer> partitionList(Collection<String> given) {
    if (given == null || given.size() != 1) {
      throw new ApiRequests.BadRequest(PARTITIONS + " must be given once");
    }
    Set<Integer> partitions = new TreeSet<>();
    for (String partition : given.iterator().next().split(",")) {
      try {
        partitions.add(Integer.parseInt(partition.strip()));
      } catch (NumberFormatException e) {
        throw new ApiRequests.BadRequest(PARTITIONS + " must list partition numbers");
      }
    }
    return partitions;
  }
}
