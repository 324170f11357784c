package io.tracker.attribution;

import static io.tracker.attribution.TestEvents.OFFER;
import static io.tracker.attribution.TestEvents.clicked;
import static io.tracker.attribution.TestEvents.conversion;
import static io.tracker.attribution.TestEvents.visitor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.JudgedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attribution instances of one app on a real broker, each holding one of the two partitions: either one
 * answers for both, a query before the partitions are assigned is refused with a retry, and while one instance
 * leaves, every answer is complete or refused, never partial.
 */
class AttributionClusterTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
  /** 20 visitors with one click each, every one of them converts, and one conversion has no click at all. */
  private static final int VISITORS = 20;
  private static final ConversionQuery EVERY_CONVERSION = new ConversionQuery(START, START.plus(Duration.ofHours(1)),
      null, null, null, false);

  @TempDir static Path data;
  private static TestBroker kafka;
  private static final List<AttributionApp> instances = new ArrayList<>();
  private static final List<Integer> peerPorts = new ArrayList<>();

  @BeforeAll
  static void startTwoInstancesAndSendEvents() {
    kafka = TestBroker.start(data.resolve("kafka"));
    for (String name : List.of("first", "second")) {
      int port = FreePort.find();
      peerPorts.add(port);
      instances.add(new AttributionApp(AttributionConfig.load(ConfigCheck.load(Map.of(
          "kafka.bootstrapServers", kafka.bootstrapServers(),
          "attribution.applicationId", "attribution-cluster-test",
          "attribution.queryPort", port,
          "attribution.stateDir", data.resolve(name).toString(),
          "attribution.grace", "1s"))), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
    }
    for (int i = 0; i < VISITORS; i++) {
      JudgedClick.Builder click = clicked(visitor(), START.plusSeconds(i));
      click.setAffiliateId(1L + i % 2);
      click.setAttributionModel(AttributionModel.LAST_TOUCH);
      kafka.send(click.build());
      kafka.send(conversion(TestEvents.visitorOf(click.build()), START.plusSeconds(60 + i))
          .setClickId(click.getClickId()).build());
    }
    kafka.send(conversion(visitor(), START.plusSeconds(90)).build());
    kafka.flush();
  }

  @AfterAll
  static void stopAll() {
    instances.forEach(AttributionApp::close);
    kafka.close();
  }

  @Test
  void eitherInstanceAnswersForBothAndALeavingInstanceNeverGivesAPartialAnswer() {
    // before Kafka assigns the partitions: a refusal with a retry hint, not an empty report
    assertThrows(ApiRequests.Unavailable.class, () -> instances.get(0).queries().gather(EVERY_CONVERSION));

    await().atMost(WITHIN).until(() -> holdsOnePartition(0) && holdsOnePartition(1));
    for (AttributionApp instance : instances) {
      await().atMost(WITHIN).ignoreException(ApiRequests.Unavailable.class)
          .until(() -> instance.queries().gather(EVERY_CONVERSION).rows().size() == VISITORS + 1);
    }
    ModelSums sums = instances.get(1).queries().gather(new CompareQuery(OFFER, START, START.plus(Duration.ofHours(1)),
        List.of(AttributionModel.LINEAR), false));
    // one click per visitor: every model gives it the whole conversion
    assertEquals(Set.of(new ModelSums.Sum(1, CompareQuery.RECORDED, 10, 100_000_000, 30_000_000),
        new ModelSums.Sum(1, "LINEAR", 10, 100_000_000, 30_000_000),
        new ModelSums.Sum(2, CompareQuery.RECORDED, 10, 100_000_000, 30_000_000),
        new ModelSums.Sum(2, "LINEAR", 10, 100_000_000, 30_000_000)), Set.copyOf(sums.sums()));

    AttributionApp staying = instances.get(0);
    AttributionApp leaving = instances.remove(1);
    leaving.close();
    await().atMost(WITHIN).until(() -> {
      try {
        int rows = staying.queries().gather(EVERY_CONVERSION).rows().size();
        assertEquals(VISITORS + 1, rows, "an answer is complete");
        return holdsPartitions(0, "0,1");
      } catch (ApiRequests.Unavailable refused) {
        return false;
      }
    });
  }

  private static boolean holdsOnePartition(int instance) throws Exception {
    return holdsPartitions(instance, "0") != holdsPartitions(instance, "1");
  }

  /** Asks the instance's peer route, as another instance would: 200 only for partitions active there. */
  private static boolean holdsPartitions(int instance, String partitions) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + peerPorts.get(instance) + ClusterQuery.PEER_PATH + ConversionQuery.NAME + "?"
            + EVERY_CONVERSION.toQueryString() + "&" + ClusterQuery.PARTITIONS + "=" + partitions)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() == 503) {
      assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "a refusal says when to retry");
    }
    return answer.statusCode() == 200;
  }
}
