package io.tracker.attribution;

import static io.tracker.attribution.TestEvents.OFFER;
import static io.tracker.attribution.TestEvents.clicked;
import static io.tracker.attribution.TestEvents.conversion;
import static io.tracker.attribution.TestEvents.visitor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.JudgedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Metrics;
import io.tracker.embedded.FreePort;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution instances of one app on a real broker: either one answers for both partitions, a query before the
 * partitions are assigned is refused with a retry, and while an instance joins (a rebalance) and another leaves,
 * every answer is complete or refused (503), never partial.
 */
class AttributionClusterTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
  /** 20 visitors with one click each, every one of them converts, and one conversion has no click at all. */
  private static final int VISITORS = 20;
  private static final ConversionQuery EVERY_CONVERSION = new ConversionQuery(START, START.plus(Duration.ofHours(1)),
      null, null, null, false);
  /** The key that test/resources/application.conf gives the query ports. */
  private static final String INTERNAL_KEY = "test-internal-key";

  @TempDir static Path data;
  private static TestBroker kafka;
  private static final List<AttributionApp> instances = new ArrayList<>();
  private static final List<Integer> queryPorts = new ArrayList<>();

  @BeforeAll
  static void startOneInstanceAndSendEvents() {
    kafka = TestBroker.start(data.resolve("kafka"));
    instances.add(startInstance("first"));
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

  private static AttributionApp startInstance(String name) {
    int port = FreePort.find();
    queryPorts.add(port);
    return AttributionApp.start(AttributionConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", kafka.bootstrapServers(),
        "attribution.applicationId", "attribution-cluster-test",
        "attribution.queryPort", port,
        "attribution.stateDir", data.resolve(name).toString(),
        "attribution.grace", "1s"))), Metrics.newRegistry());
  }

  @AfterAll
  static void stopAll() {
    instances.forEach(AttributionApp::close);
    kafka.close();
  }

  @Test
  void answersAreCompleteOrRefusedWhileInstancesJoinAndLeave() throws Exception {
    AttributionApp first = instances.get(0);
    await().atMost(WITHIN).ignoreException(HttpErrors.Unavailable.class)
        .until(() -> first.queries().gather(EVERY_CONVERSION).rows().size() == VISITORS + 1);

    // ask without a pause while a second instance joins and the partitions are shared out again
    Answers answers = new Answers();
    Thread asking = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        answers.ask(first);
      }
    }, "asking");
    asking.start();
    try {
      AttributionApp second = startInstance("second");
      instances.add(second);
      await().atMost(WITHIN).until(() -> holdsOnePartition(0) && holdsOnePartition(1));
      for (AttributionApp instance : instances) {
        await().atMost(WITHIN).ignoreException(HttpErrors.Unavailable.class)
            .until(() -> instance.queries().gather(EVERY_CONVERSION).rows().size() == VISITORS + 1);
      }
      ModelSums sums = second.queries().gather(new CompareQuery(OFFER, START, START.plus(Duration.ofHours(1)),
          List.of(AttributionModel.LINEAR), false));
      // one click per visitor: every model gives it the whole conversion
      assertEquals(Set.of(new ModelSums.Sum(1, CompareQuery.RECORDED, 10, 100_000_000, 30_000_000),
          new ModelSums.Sum(1, "LINEAR", 10, 100_000_000, 30_000_000),
          new ModelSums.Sum(2, CompareQuery.RECORDED, 10, 100_000_000, 30_000_000),
          new ModelSums.Sum(2, "LINEAR", 10, 100_000_000, 30_000_000)), Set.copyOf(sums.sums()));

      // and while it leaves again
      instances.remove(second);
      second.close();
      await().atMost(WITHIN).until(() -> holdsPartitions(0, "0,1"));
      await().atMost(WITHIN).ignoreException(HttpErrors.Unavailable.class)
          .until(() -> first.queries().gather(EVERY_CONVERSION).rows().size() == VISITORS + 1);
    } finally {
      asking.interrupt();
      asking.join();
    }
    assertEquals(List.of(), answers.partial, "never a partial answer");
    assertTrue(answers.complete.get() > 0, "answers came while the instances changed: " + answers);
  }

  @Test
  void theQueryPortAnswersOnlyTheInternalKey() throws Exception {
    HttpResponse<String> withoutKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + queryPorts.get(0) + "/api/reports/conversions")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, withoutKey.statusCode());
  }

  /** What the asking thread saw: complete answers, refusals, and (a failure) the sizes of partial ones. */
  private static final class Answers {
    final AtomicInteger complete = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final List<Integer> partial = new CopyOnWriteArrayList<>();

    void ask(AttributionApp instance) {
      try {
        int rows = instance.queries().gather(EVERY_CONVERSION).rows().size();
        if (rows == VISITORS + 1) {
          complete.incrementAndGet();
        } else {
          partial.add(rows);
        }
      } catch (HttpErrors.Unavailable e) {
        refused.incrementAndGet();
      }
    }

    @Override
    public String toString() {
      return complete + " complete, " + refused + " refused, partial: " + partial;
    }
  }

  private static boolean holdsOnePartition(int instance) throws Exception {
    return holdsPartitions(instance, "0") != holdsPartitions(instance, "1");
  }

  /** Asks the instance's internal route, as another instance would: 200 only for partitions active there. */
  private static boolean holdsPartitions(int instance, String partitions) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + queryPorts.get(instance) + "/internal/attribution/" + ConversionQuery.NAME + "?"
            + EVERY_CONVERSION.toQueryString() + "&partitions=" + partitions))
            .header("Authorization", "Bearer " + INTERNAL_KEY).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() == 503) {
      assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "a refusal says when to retry");
    }
    return answer.statusCode() == 200;
  }
}
