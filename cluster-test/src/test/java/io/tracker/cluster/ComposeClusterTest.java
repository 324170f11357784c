package io.tracker.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.events.AttributedConversion;
import io.tracker.events.JudgedClick;
import io.tracker.platform.Json;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production layout, docker-compose.yml, run without Docker ({@link ComposeCluster}): three KRaft brokers
 * (broker + controller each, a three-voter quorum, every topic on three replicas with two in sync required) and
 * every module in a JVM of its own, with the compose file's main classes and environment. Under a steady load of
 * clicks and postbacks through the edge it kills (SIGKILL) the active controller and starts it again, cuts a broker
 * off from the others for a while where network namespaces can be made (clients still reach it), kills a
 * click-streams instance (its partner takes over) and starts it again, and does the same to an attribution instance.
 * Meanwhile the click report and the conversions report are asked for continuously through the API: each answer
 * is the full figure or a 503 with Retry-After ({@link ReportProbe}). At the end every click answered with a 302 is
 * in the click report and in the processed clicks exactly once, and every accepted conversion is decided exactly
 * once (read_committed) and in the conversions report once. Prints how long the reports were unavailable after
 * each fault, and how long until they counted again everything sent before it (the README's Production figures).
 *
 * <p>Measuring knob: {@code -Dcluster.env=NAME=VALUE,...} sets variables on every tracker service on top of the
 * compose file (e.g. {@code CLICK_STREAMS_SESSION_TIMEOUT=45s}), to compare settings with the same faults.
 */
class ComposeClusterTest {
  private static final String ADMIN_KEY = "cluster-test-admin-key";
  private static final String INTERNAL_KEY = "cluster-test-internal-key";
  private static final int CLICKS_PER_SECOND = 20;
  private static final int CONVERSION_EVERY = 5;
  private static final Duration START_WITHIN = Duration.ofMinutes(4);
  private static final Duration PHASE_WITHIN = Duration.ofMinutes(3);
  /** How long a broker stays cut off: twice the controller's broker session timeout (9 s), so that it is fenced. */
  private static final Duration PARTITION = Duration.ofSeconds(20);
  /** Clicks that must reach the report while a broker is down or cut off: the cluster works on without it. */
  private static final int PROGRESS_DURING_FAULT = 200;

  /** Each service's folders and log, kept after the run for a look (target/ is the build's). */
  static final Path root = Path.of("target", "cluster-test").toAbsolutePath();
  static BrokerNetwork network;
  static ComposeFile compose;
  static ComposeCluster cluster;
  static Admin admin;
  static String bootstrap;
  static String api;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2)).build();
  static final long STARTED = System.nanoTime();
  /** What the load and the reports had come to, for a phase that never ends. */
  static java.util.function.Supplier<String> state = () -> "no load yet";

  @BeforeAll
  static void startTheComposeFileWithoutDocker() throws IOException {
    deleteRecursively(root);
    Path composeFile = Path.of(System.getProperty("compose.file", "../docker-compose.yml"));
    Map<String, String> shell = new HashMap<>(Map.of(
        "TRACKER_ADMIN_KEY", ADMIN_KEY,
        "TRACKER_INTERNAL_KEY", INTERNAL_KEY,
        // as a deployment names its edge's public address; the load comes through a proxy on loopback
        "EDGE_PUBLIC_URL", "http://edge:8080",
        "EDGE_TRUSTED_PROXIES", "127.0.0.1"));
    compose = ComposeFile.read(composeFile, shell);
    compose = withOverrides(compose, System.getProperty("cluster.env", ""));
    network = BrokerNetwork.create((int) compose.services().values().stream().filter(ComposeFile.Service::isKafka).count());
    System.out.println("[cluster] " + network.describe());
    cluster = new ComposeCluster(compose, workingDirectory(), network, root, ComposeClusterTest::jvmOptions);
    // brokers first, then the apps once the quorum has all three, as `depends_on` with a health check would
    cluster.brokers().forEach(broker -> cluster.service(broker).start());
    bootstrap = cluster.service("edge").environment().get("KAFKA_BOOTSTRAP_SERVERS");
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    await().atMost(START_WITHIN).ignoreExceptions().until(() -> liveBrokers().size() == cluster.brokers().size());
    compose.services().values().stream().filter(service -> !service.isKafka())
        .forEach(service -> cluster.service(service.name()).start());
    api = "http://" + cluster.address("api", port(compose, "api", "API_PORT"));
    for (String service : compose.services().keySet()) {
      String portVariable = compose.services().get(service).environment().keySet().stream()
          .filter(name -> name.endsWith("_PORT") && !name.startsWith("KAFKA")).findFirst().orElse(null);
      if (portVariable != null) {
        String readiness = "http://" + cluster.address(service, port(compose, service, portVariable)) + "/readyz";
        await("readiness of " + service).atMost(START_WITHIN).ignoreExceptions().until(() -> status(readiness) == 200);
      }
    }
    System.out.printf("[cluster] %d services up after %.1f s%n", compose.services().size(), seconds(STARTED));
  }

  @AfterAll
  static void stopEverything() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (cluster != null) {
      cluster.close();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void noClickOrConversionIsLostOrCountedTwiceWhileBrokersAndInstancesFail() throws Exception {
    Catalog catalog = Catalog.create();
    String edge = "http://" + cluster.address("edge", 8080);
    // the edge has the catalog when a test click (left out of reports) goes to the landing page
    await().atMost(PHASE_WITHIN).until(() -> status(edge + "/?a=" + catalog.affiliate + "&c=" + catalog.creative
        + "&test=1", "click=") == 302);

    String range = "from=" + encode(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)))
        + "&to=" + encode(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3)));
    List<Fault> faults = new ArrayList<>();
    try (Traffic traffic = new Traffic(edge, catalog.affiliate, catalog.creative, catalog.offer, catalog.postbackKey,
            CONVERSION_EVERY);
        CommittedIds<JudgedClick> processed = new CommittedIds<>(bootstrap, Topics.PROCESSED_CLICKS,
            ProcessedClicks.JUDGED::decode, judged -> judged.getTest() ? null : judged.getClickId());
        CommittedIds<AttributedConversion> decided = new CommittedIds<>(bootstrap, Topics.ATTRIBUTED_CONVERSIONS,
            AvroSerde.of(AttributedConversion.class)::decode,
            a -> a.getConversion().getTest() ? null : a.getConversion().getConversionId());
        ReportProbe clickReport = new ReportProbe("click report", api + "/api/reports/clicks?" + range
            + "&groupBy=affiliate&affiliateId=" + catalog.affiliate, ADMIN_KEY,
            answer -> answer.get("rows").isEmpty() ? 0 : answer.get("rows").get(0).get("totalClicks").asLong(),
            processed::distinct, traffic::clicksSent, Duration.ofMillis(500));
        ReportProbe conversionReport = new ReportProbe("conversions report", api + "/api/reports/conversions?"
            + range + "&affiliateId=" + catalog.affiliate, ADMIN_KEY, answer -> answer.get("rows").size(),
            decided::distinct, traffic::conversionsSent, Duration.ofSeconds(2))) {
      state = () -> String.format("%d clicks sent, %d answered (%d unknown, %d wrong), %d processed (committed); "
          + "%d postbacks sent, %d accepted, %d decided; click report %s, conversions report %s",
          traffic.clicksSent(), traffic.answeredClicks(), traffic.unknownClicks(), traffic.wrongAnswers().size(),
          processed.distinct(), traffic.conversionsSent(), traffic.conversionIds().size(), decided.distinct(),
          clickReport.last(), conversionReport.last());
      traffic.start(CLICKS_PER_SECOND);
      awaitPhase("the load reaching the report", () -> clickReport.counted(STARTED, PROGRESS_DURING_FAULT));

      String controller = "kafka-" + activeController();
      faults.add(Fault.begin("SIGKILL " + controller + " (the active controller), restarted", traffic));
      cluster.service(controller).kill();
      awaitPhase("the controller fencing " + controller, () -> !liveBrokers().contains(cluster.brokerIndex(controller)));
      awaitPhase("clicks counted without " + controller, () -> clickReport.counted(faults.get(0).start,
          faults.get(0).clicks + PROGRESS_DURING_FAULT));
      cluster.service(controller).start();
      awaitFullyReplicated();
      faults.get(0).end();

      if (network.partitionable()) {
        // Jepsen's partition: the node that the quorum loses still answers its clients. What it costs is measured
        // (the figures), what it must not do is checked at the end (lose or double anything acknowledged).
        String isolated = "kafka-" + activeController();
        Fault cut = Fault.begin("cut " + isolated + " (the active controller) off from the other brokers for "
            + PARTITION.toSeconds() + " s, clients still reach it; healed", traffic);
        faults.add(cut);
        long countedBefore = clickReport.latest().orElse(0L);
        network.cutOff(cluster.brokerIndex(isolated));
        try {
          holdUntil(cut.start + PARTITION.toNanos());
        } finally {
          network.heal();
        }
        cut.note = "the click report went from " + countedBefore + " to " + clickReport.latest().orElse(0L)
            + " clicks while it lasted (" + (traffic.answeredClicks() - cut.clicks) + " answered meanwhile)";
        awaitFullyReplicated();
        awaitPhase("the click report counting what was answered before the cut", () ->
            clickReport.counted(cut.start, cut.clicks));
        cut.end();
      }

      for (String instance : List.of("click-streams-1", "attribution-1")) {
        Fault killed = Fault.begin("SIGKILL " + instance + " (its partner takes over)", traffic);
        faults.add(killed);
        cluster.service(instance).kill();
        awaitPhase("the partner of " + instance + " answering for it", () ->
            clickReport.counted(killed.start, killed.clicks) && conversionReport.counted(killed.start, killed.conversions));
        killed.end();
        Fault back = Fault.begin(instance + " started again (it rejoins)", traffic);
        faults.add(back);
        cluster.service(instance).start();
        String group = applicationId(instance);
        awaitPhase(instance + " back in its group", () -> {
          var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
          return description.groupState() == GroupState.STABLE && description.members().size() == 2;
        });
        awaitPhase("the reports after " + instance + " rejoined", () ->
            clickReport.counted(back.start, back.clicks) && conversionReport.counted(back.start, back.conversions));
        // the rebalances a rejoin sets off (restoring its wiped state, handing tasks back) end before the next fault
        List<String> readiness = compose.services().values().stream()
            .filter(service -> service.command().equals(compose.services().get(instance).command()))
            .map(service -> "http://" + cluster.address(service.name(), instance.startsWith("click") ? 8082 : 8083)
                + "/readyz").toList();
        awaitPhase("every " + group + " instance running", () -> {
          for (String url : readiness) {
            if (status(url) != 200) {
              return false;
            }
          }
          return true;
        });
        back.end();
      }
      traffic.close();

      // quiet: everything answered is counted, once
      List<String> clicks = traffic.clickIds();
      List<String> conversions = traffic.conversionIds();
      awaitPhase("every answered click processed", () -> processed.times().keySet().containsAll(clicks));
      awaitPhase("every accepted conversion decided", () -> decided.times().keySet().containsAll(conversions));
      awaitPhase("the click report at its final count", () -> clickReport.latest().orElse(-1L) == processed.distinct());
      awaitPhase("the conversions report at its final count", () -> conversionReport.latest().orElse(-1L) == decided.distinct());
      clickReport.close();
      conversionReport.close();

      print(faults, traffic, clickReport, conversionReport);
      assertEquals(List.of(), traffic.wrongAnswers(), "every click is a 302 to the landing page, every postback accepted");
      assertEquals(List.of(), clickReport.violations(), "the click report: full figures or 503s");
      assertEquals(List.of(), conversionReport.violations(), "the conversions report: full figures or 503s");
      assertExactlyOnce("click", clicks, processed.times(), traffic.unknownClicks());
      assertExactlyOnce("conversion", conversions, decided.times(), traffic.unknownConversions());
      assertEquals(processed.distinct(), (long) clickReport.latest().orElseThrow(), "the click report counts each once");
      assertConversionReport(range, catalog, decided.times().keySet());
      cluster.brokers().forEach(broker -> assertTrue(cluster.service(broker).alive(), broker + " still runs"));
    }
  }

  /** Every id answered was published exactly once; ids published but never answered are at most the unknowns. */
  private static void assertExactlyOnce(String what, List<String> answered, Map<String, Integer> published, long unknown) {
    assertEquals(answered.size(), Set.copyOf(answered).size(), what + " ids are unique");
    Map<String, Integer> notOnce = answered.stream().filter(id -> published.getOrDefault(id, 0) != 1)
        .collect(Collectors.toMap(id -> id, id -> published.getOrDefault(id, 0)));
    assertEquals(Map.of(), notOnce, "each answered " + what + " published exactly once");
    Set<String> unanswered = new HashSet<>(published.keySet());
    answered.forEach(unanswered::remove);
    assertTrue(unanswered.size() <= unknown, unanswered.size() + " " + what + "s published that were not answered, "
        + "more than the " + unknown + " requests whose answer was lost");
  }

  /** The conversions report has each decided conversion once, attributed to its click, and the click report agrees. */
  private static void assertConversionReport(String range, Catalog catalog, Set<String> decided) throws Exception {
    JsonNode rows = get(api + "/api/reports/conversions?" + range + "&affiliateId=" + catalog.affiliate).get("rows");
    List<String> ids = new ArrayList<>();
    Map<String, Long> statuses = new HashMap<>();
    rows.forEach(row -> {
      ids.add(row.get("conversionId").asText());
      statuses.merge(row.get("status").asText(), 1L, Long::sum);
    });
    assertEquals(decided, new HashSet<>(ids), "the conversions report has every decided conversion");
    assertEquals(decided.size(), ids.size(), "and each once");
    assertEquals(Map.of("ATTRIBUTED", (long) ids.size()), statuses, "every postback named a real click");
    JsonNode row = get(api + "/api/reports/clicks?" + range + "&groupBy=affiliate&affiliateId=" + catalog.affiliate)
        .get("rows").get(0);
    assertEquals(ids.size(), row.get("conversions").asLong(), "the click report counts each attributed conversion");
  }

  private static void print(List<Fault> faults, Traffic traffic, ReportProbe clicks, ReportProbe conversions) {
    StringBuilder out = new StringBuilder("\n[cluster] ").append(network.describe()).append('\n')
        .append(String.format("[cluster] load: %d clicks/s through the edge, a postback for every %dth; %d clicks "
            + "answered, %d conversions accepted, %d requests unanswered, %d ticks skipped%n", CLICKS_PER_SECOND,
            CONVERSION_EVERY, traffic.clickIds().size(), traffic.conversionIds().size(),
            traffic.unknownClicks() + traffic.unknownConversions(), traffic.skipped()))
        .append(String.format("[cluster] %-78s %12s %12s %12s %12s%n", "fault", "clicks 503", "clicks back",
            "conv. 503", "conv. back"));
    for (Fault fault : faults) {
      out.append(String.format("[cluster] %-78s %10.1f s %10.1f s %10.1f s %10.1f s%n", fault.name,
          clicks.unavailableSeconds(fault.start, fault.end), clicks.secondsUntilCounted(fault.start, fault.clicks),
          conversions.unavailableSeconds(fault.start, fault.end),
          conversions.secondsUntilCounted(fault.start, fault.conversions)));
      if (fault.note != null) {
        out.append("[cluster]   ").append(fault.note).append('\n');
      }
    }
    out.append(String.format("[cluster] (503: seconds from a fault's first 503 to the next full answer; back: seconds "
        + "until the report counted everything answered before the fault)%n"))
        .append(String.format("[cluster] report figures lower than the answer before: click report %s, conversions "
            + "report %s%n", clicks.decreases(), conversions.decreases()))
        .append(String.format("[cluster] whole test %.0f s%n", seconds(STARTED)));
    System.out.print(out);
  }

  /** A fault: when it began, and what had been answered by then. */
  static final class Fault {
    final String name;
    final long start = System.nanoTime();
    final long clicks;
    final long conversions;
    long end = Long.MAX_VALUE;
    /** What else there is to say about it. */
    String note;

    private Fault(String name, long clicks, long conversions) {
      this.name = name;
      this.clicks = clicks;
      this.conversions = conversions;
    }

    static Fault begin(String name, Traffic traffic) {
      System.out.printf("[cluster] %.1f s: %s%n", seconds(STARTED), name);
      return new Fault(name, traffic.answeredClicks(), traffic.conversionIds().size());
    }

    void end() {
      end = System.nanoTime();
      System.out.printf("[cluster] %.1f s: over after %.1f s%n", seconds(STARTED), (end - start) / 1e9);
    }
  }

  /** The catalog the load uses, made through the API as a user would. */
  static final class Catalog {
    long affiliate;
    long creative;
    long offer;
    String postbackKey;

    static Catalog create() throws Exception {
      Catalog catalog = new Catalog();
      JsonNode advertiser = post("/api/advertisers", "{\"name\":\"Acme\"}");
      catalog.postbackKey = advertiser.get("postbackKey").asText();
      catalog.affiliate = post("/api/affiliates", "{\"name\":\"Blue Media\"}").get("id").asLong();
      catalog.offer = post("/api/offers", """
          {"advertiserId": %d, "name": "Cluster", "landingPageUrl": "https://shop.example.com/lp?click={click_id}"}
          """.formatted(advertiser.get("id").asLong())).get("id").asLong();
      post("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d,\"status\":\"ACTIVE\"}".formatted(catalog.affiliate, catalog.offer));
      catalog.creative = post("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(catalog.offer)).get("id").asLong();
      return catalog;
    }
  }

  private static void awaitPhase(String what, Callable<Boolean> condition) {
    long from = System.nanoTime();
    try {
      await(what).atMost(PHASE_WITHIN).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(what + " did not happen within " + PHASE_WITHIN + "; " + state.get(), e);
    }
    System.out.printf("[cluster] %.1f s:   %s (%.1f s)%n", seconds(STARTED), what, seconds(from));
  }

  /** Every partition of every topic, Kafka's own included, has all its replicas in sync again. */
  private static void awaitFullyReplicated() {
    awaitPhase("every replica back in sync", () -> {
      Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      return admin.describeTopics(topics).allTopicNames().get().values().stream()
          .flatMap(topic -> topic.partitions().stream())
          .allMatch(partition -> partition.isr().size() == partition.replicas().size());
    });
  }

  /** The fault lasts until then: the experiment's length, not a wait for a condition. */
  private static void holdUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
  }

  private static Set<Integer> liveBrokers() throws ExecutionException, InterruptedException {
    return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
  }

  private static int activeController() throws ExecutionException, InterruptedException {
    return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
  }

  private static JsonNode post(String path, String json) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), path + ": " + response.body());
    return Json.MAPPER.readTree(response.body());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return Json.MAPPER.readTree(response.body());
  }

  private static int status(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The status, or 0 when the Location header lacks {@code locationPart}. */
  private static int status(String url, String locationPart) throws IOException, InterruptedException {
    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0").build(), HttpResponse.BodyHandlers.discarding());
    return response.headers().firstValue("Location").orElse("").contains(locationPart) ? response.statusCode() : 0;
  }

  /** The Kafka group of a Streams app's instance: its application id, the app's default (the compose file keeps it). */
  private static String applicationId(String instance) {
    String section = instance.startsWith("click-streams") ? "clickStreams" : "attribution";
    return com.typesafe.config.ConfigFactory.defaultReference().getString(section + ".applicationId");
  }

  private static int port(ComposeFile compose, String service, String variable) {
    return Integer.parseInt(compose.services().get(service).environment().get(variable));
  }

  /** The image's working directory (the Dockerfile's last WORKDIR), where relative paths of the apps land. */
  private static String workingDirectory() throws IOException {
    List<String> workdirs = Files.readAllLines(Path.of(System.getProperty("dockerfile", "../Dockerfile"))).stream()
        .filter(line -> line.startsWith("WORKDIR ")).map(line -> line.substring("WORKDIR ".length()).strip()).toList();
    return workdirs.get(workdirs.size() - 1);
  }

  /** Heaps for a 2-core test machine running eight JVMs; C1 only, since the load is modest and start-up counts. */
  private static List<String> jvmOptions(ComposeFile.Service service) {
    String heap = service.isKafka() ? "-Xmx320m"
        : service.command().get(0).endsWith("ClickStreamsApp") ? "-Xmx384m" : "-Xmx256m";
    return List.of(heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
  }

  private static ComposeFile withOverrides(ComposeFile compose, String overrides) {
    if (overrides.isBlank()) {
      return compose;
    }
    Map<String, String> set = Arrays.stream(overrides.split(",")).map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0].strip(), pair -> pair[1].strip()));
    Map<String, ComposeFile.Service> services = new java.util.LinkedHashMap<>();
    compose.services().forEach((name, service) -> {
      Map<String, String> environment = new java.util.LinkedHashMap<>(service.environment());
      if (!service.isKafka()) {
        environment.putAll(set);
      }
      services.put(name, new ComposeFile.Service(name, service.image(), service.command(), environment,
          service.mountPoints()));
    });
    System.out.println("[cluster] on top of the compose file: " + set);
    return new ComposeFile(services);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (var paths = Files.walk(folder)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static String encode(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
