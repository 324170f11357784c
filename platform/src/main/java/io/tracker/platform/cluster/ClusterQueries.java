package io.tracker.platform.cluster;

import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries across the instances of one Streams app. Each instance reads its stores only for the
 * partitions it holds as active, running tasks; the instance asked sends every other instance the list of
 * partitions to read, reads its own, and combines the answers. The instances together must hold every partition
 * of the app's input topic, each partition is read from exactly one of them, and any instance that cannot answer
 * for its partitions (restoring, moved away, out of reach) fails the whole query: the answer is complete or a
 * 503 with a retry hint ({@link HttpErrors.Unavailable}), never a silently partial figure.
 *
 * @param <L> what this instance reads its own stores with
 */
public final class ClusterQueries<L> {
  static final String PARTITIONS = "partitions";

  private final String app;
  private final KafkaStreams streams;
  private final LocalStores stores;
  private final HostInfo self;
  private final String inputTopic;
  private final PartitionCount partitionCount;
  private final L local;
  private final Peers peers;

  /**
   * @param inputTopic the topic whose partitions are the stores' partitions
   */
  public ClusterQueries(LocalStores stores, HostInfo self, String bootstrapServers, String inputTopic, L local,
      Peers peers) {
    this.app = stores.app();
    this.streams = stores.streams();
    this.stores = stores;
    this.self = self;
    this.inputTopic = inputTopic;
    this.partitionCount = new PartitionCount(bootstrapServers, inputTopic);
    this.local = local;
    this.peers = peers;
  }

  /** Where the other instances answer a query of this name. */
  public String internalPath(String queryName) {
    return "/internal/" + app + "/" + queryName;
  }

  /** The whole app's answer: every partition read once, by the instance that holds it. */
  public <A extends Share<A>> A gather(PartitionedQuery<L, A> query) {
    stores.awaitRunning();
    Map<HostInfo, Set<Integer>> holders = streams.metadataForAllStreamsClients().stream()
        .filter(instance -> !partitionsOf(instance).isEmpty())
        .collect(Collectors.toMap(StreamsMetadata::hostInfo, this::partitionsOf));
    Set<Integer> missing = missingPartitions(holders, partitionCount.get());
    if (!missing.isEmpty()) {
      throw new HttpErrors.Unavailable("no " + app + " instance holds partitions " + missing + " right now");
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
        throw (HttpErrors.Unavailable) e.getCause(); // shareOf turns every failure into one
      }
      answer = answer == null ? share : answer.plus(share);
    }
    return answer;
  }

  /** The internal route on which this instance answers one kind of query for the partitions a peer names. */
  public void addInternalRoute(RoutingHandler routes, String queryName,
      Function<Map<String, Deque<String>>, ? extends PartitionedQuery<L, ?>> parse) {
    routes.get(internalPath(queryName), exchange -> {
      Map<String, Deque<String>> parameters = new HashMap<>(exchange.getQueryParameters());
      Set<Integer> partitions = partitionList(parameters.remove(PARTITIONS));
      Http.sendJson(exchange, 200, parse.apply(parameters).read(local, partitions));
    });
  }

  /** Which instance and partition hold a key of the input topic (a visitor id). */
  public Holder holderOf(String storeName, String key) {
    stores.awaitRunning();
    KeyQueryMetadata holder = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
    if (holder == null || holder.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw new HttpErrors.Unavailable("no " + app + " instance holds the partition of " + key + " right now");
    }
    return new Holder(holder.activeHost(), holder.partition(), holder.activeHost().equals(self));
  }

  /** The instance (and partition) that holds a key; {@code here} when it is this one. */
  public record Holder(HostInfo host, int partition, boolean here) {}

  /**
   * Hands a peer's answer on to the exchange as it came (its status, when it is one of {@code passed}, and
   * JSON body); any other status is {@link HttpErrors.Unavailable}.
   */
  public void relay(io.undertow.server.HttpServerExchange exchange, HostInfo peer, String pathAndQuery,
      Set<Integer> passed) {
    HttpResponse<byte[]> answer = peers.getNow(peer, pathAndQuery);
    if (!passed.contains(answer.statusCode())) {
      throw new HttpErrors.Unavailable(Peers.name(peer) + " answered " + answer.statusCode());
    }
    exchange.setStatusCode(answer.statusCode());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Http.JSON);
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }

  /** The partitions of 0..count-1 that no instance holds. */
  static Set<Integer> missingPartitions(Map<HostInfo, Set<Integer>> partitionsByInstance, int count) {
    Set<Integer> missing = IntStream.range(0, count).boxed().collect(Collectors.toCollection(TreeSet::new));
    partitionsByInstance.values().forEach(missing::removeAll);
    return missing;
  }

  private <A extends Share<A>> CompletableFuture<A> ask(HostInfo peer, PartitionedQuery<L, A> query, Set<Integer> partitions) {
    String partitionList = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    return peers.get(peer, internalPath(query.name()) + "?" + query.toQueryString() + "&" + PARTITIONS + "="
            + partitionList)
        .handle((response, failure) -> shareOf(peer, query.answerType(), response, failure));
  }

  private <A> A shareOf(HostInfo peer, Class<A> type, HttpResponse<byte[]> response, Throwable failure) {
    String name = app + " " + Peers.name(peer);
    if (failure != null) {
      throw new HttpErrors.Unavailable(name + " cannot be reached", failure);
    }
    if (response.statusCode() != 200) {
      throw new HttpErrors.Unavailable(name + " answered " + response.statusCode());
    }
    try {
      return Json.MAPPER.readValue(response.body(), type);
    } catch (IOException e) {
      throw new HttpErrors.Unavailable(name + " answered what cannot be read", e);
    }
  }

  /** The instance's active partitions of the input topic: those of its stores. */
  private Set<Integer> partitionsOf(StreamsMetadata instance) {
    return instance.topicPartitions().stream()
        .filter(partition -> partition.topic().equals(inputTopic))
        .map(partition -> partition.partition())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Integer> partitionList(Collection<String> given) {
    if (given == null || given.size() != 1) {
      throw new HttpErrors.BadRequest(PARTITIONS + " must be given once");
    }
    Set<Integer> partitions = new TreeSet<>();
    for (String partition : given.iterator().next().split(",")) {
      try {
        partitions.add(Integer.parseInt(partition.strip()));
      } catch (NumberFormatException e) {
        throw new HttpErrors.BadRequest(PARTITIONS + " must list partition numbers");
      }
    }
    return partitions;
  }
}
