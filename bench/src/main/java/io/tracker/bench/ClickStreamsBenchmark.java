package io.tracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracker.clicks.ClickStreamsApp;
import io.tracker.clicks.ClickStreamsConfig;
import io.tracker.events.Click;
import io.tracker.platform.ConfigCheck;
import io.tracker.embedded.FreePort;
import io.tracker.platform.Json;
import io.tracker.platform.Metrics;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of click-streams against a running {@link StandaloneBroker}: {@code ClickStreamsBenchmark <bootstrap
 * servers> [clicks] [warm-up clicks]}. Produces the clicks ahead (an hour of traffic with returning visitors, double
 * taps, bots, a click farm and clicks the edge sent twice; the warm-up clicks, 70% more by default as
 * {@code bench/click-streams} runs it, first), then runs the whole click-streams app
 * (dispositions and reports, one stream thread, exactly-once) from the start of the topic, and measures clicks
 * per second from the commit of the warm-up clicks until it has committed every click (with exactly-once, a commit
 * covers the report sums of the clicks before it). Then the report must count every click once. Logs
 * {@code click_streams clicks=.. seconds=.. clicks_per_second=..}.
 */
public final class ClickStreamsBenchmark {
  private static final Logger log = LoggerFactory.getLogger(ClickStreamsBenchmark.class);
  private static final Duration GIVE_UP = Duration.ofMinutes(20);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PROFILE_GIVE_UP = Duration.ofMinutes(2);
  private static final String INTERNAL_KEY = "bench-internal-key";

  private ClickStreamsBenchmark() {}

  public static void main(String[] args) throws Exception {
    String bootstrapServers = args[0];
    int clicks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : clicks * 7 / 10;
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    long counted = produce(bootstrapServers, warmup + clicks, clicks, start);
    log.info("produced {} clicks ({} to warm up; {} of them sent twice, counted once)", warmup + clicks, warmup,
        warmup + clicks - counted);

    int port = FreePort.find();
    Path state = Files.createTempDirectory("click-streams-bench");
    ClickStreamsConfig config = ClickStreamsConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", bootstrapServers,
        "clickStreams.applicationId", "click-streams-bench-" + UUID.randomUUID(),
        "clickStreams.queryPort", port,
        "clickStreams.stateDir", state.toString(),
        "internal.key", INTERNAL_KEY)));
    // before the clock starts: building the topology builds the user agent analyzer, which takes seconds
    ClickStreamsApp.buildTopology(config);
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try (ClickStreamsApp app = ClickStreamsApp.start(config, registry);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      // the clock starts once the warm-up clicks are committed: the JIT has compiled the click path by then, as it
      // has in a long-running instance, and the start-up (group join, store opening) is behind
      awaitCommitted(admin, config.streams().applicationId(), warmup);
      log.info("the warm-up clicks are committed: measuring");
      long began = System.nanoTime();
      JvmTimes before = JvmTimes.now();
      double commitsBefore = commits(registry);
      awaitCommitted(admin, config.streams().applicationId(), warmup + clicks);
      double seconds = (System.nanoTime() - began) / 1e9;
      JvmTimes spent = JvmTimes.now().minus(before);
      long commits = Math.round(commits(registry) - commitsBefore);
      long reported = reportedClicks(URI.create("http://127.0.0.1:" + port + "/api/reports/clicks?test=true&from="
          + start + "&to=" + start.plus(Duration.ofHours(4))));
      if (reported != counted) {
        throw new IllegalStateException("the report counts " + reported + " clicks, not " + counted);
      }
      log.info("click_streams clicks={} total_clicks={} seconds={} clicks_per_second={}", clicks, warmup + clicks,
          Math.round(seconds * 10) / 10.0, Math.round(clicks / seconds));
      log.info("click_streams_window stream_threads_cpu_us_per_click={} stream_threads_cores={} "
              + "app_cpu_us_per_click={} jit_seconds={} gc_seconds={} commits={}",
          Math.round(spent.streamThreadCpuNanos / 100.0 / clicks) / 10.0,
          Math.round(spent.streamThreadCpuNanos / 1e7 / seconds) / 100.0,
          Math.round(spent.processCpuNanos / 100.0 / clicks) / 10.0,
          spent.jitMillis / 1000.0, spent.gcMillis / 1000.0, commits);
      awaitProfile();
    }
    StateSizes.logAndDelete(state, warmup + clicks);
  }

  /**
   * The stream threads' commits so far (Kafka Streams' own count): each is a transaction, and besides the commit
   * interval the report row cache asks for one when it is full.
   */
  private static double commits(MeterRegistry registry) {
    return registry.find("kafka.stream.thread.commit.total").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
  }

  /**
   * With {@code -Dbench.profiled=<file>}, waits until that file exists: the script profiles the measured clicks, and
   * takes the profile before the app stops.
   */
  private static void awaitProfile() throws InterruptedException {
    String done = System.getProperty("bench.profiled");
    if (done == null) {
      return;
    }
    long deadline = System.nanoTime() + PROFILE_GIVE_UP.toNanos();
    while (!Files.exists(Path.of(done))) {
      if (System.nanoTime() > deadline) {
        log.warn("no profile taken within {}: stopping without it", PROFILE_GIVE_UP);
        return;
      }
      Thread.sleep(POLL.toMillis()); // how often the file is looked for; the wait is bounded by PROFILE_GIVE_UP
    }
  }

  /** Sends the mix, an hour of perHour clicks; returns how many clicks the report must count (each click id once). */
  private static long produce(String bootstrapServers, int clicks, int perHour, Instant start) throws Exception {
    ClickMix mix = new ClickMix(start, Duration.ofHours(1).dividedBy(perHour));
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, Click> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), AvroSerde.of(Click.class))) {
      for (int i = 0; i < clicks; i++) {
        Click click = mix.next(i);
        producer.send(new ProducerRecord<>(Topics.CLICKS, null, click.getTime().toEpochMilli(), click.getVisitorId(),
            click, mix.sentAgain ? Topics.RESENT : null), (metadata, e) -> {
              if (e != null) {
                failure.set(e);
              }
            });
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return clicks - mix.resent;
  }

  /** Waits until the app's committed offsets on the click topic add up to every click produced. */
  private static void awaitCommitted(Admin admin, String applicationId, long clicks) throws Exception {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    long committed = 0;
    while (committed < clicks) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + committed + " of " + clicks + " clicks committed within " + GIVE_UP);
      }
      Thread.sleep(POLL.toMillis()); // poll interval of the offsets, not a wait for a condition
      committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet()
          .stream().filter(entry -> entry.getKey().topic().equals(Topics.CLICKS))
          .mapToLong(entry -> entry.getValue().offset()).sum();
    }
  }

  /** The report's total clicks over the benchmark's hours, test traffic included. */
  private static long reportedClicks(URI report) throws IOException, InterruptedException {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(report)
            .header("Authorization", "Bearer " + INTERNAL_KEY).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("the report answered " + answer.statusCode() + ": " + answer.body());
    }
    JsonNode rows = Json.MAPPER.readTree(answer.body()).path("rows");
    return rows.isEmpty() ? 0 : rows.get(0).get("totalClicks").asLong();
  }

  /**
   * An hour of clicks as a network sees them: mostly new visitors, a quarter returning (repeats), double taps,
   * known bots, a click farm of a few IPs over the per-IP limit, and clicks the edge sent twice.
   */
  static final class ClickMix {
    private static final List<String> BROWSERS = browsers();
    private static final List<String> BOTS = List.of(
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "curl/8.5.0", "python-requests/2.31.0", "Wget/1.21.4");
    private static final int RETURNING_VISITORS = 50_000;
    private static final int AFFILIATES = 50;
    private static final int OFFERS = 20;
    private static final int OFFERS_PER_AFFILIATE = 3;
    private static final int RECENT = 1_000;

    private final Random random = new Random(42);
    private final Instant start;
    private final Duration step;
    private final List<String> returning = new ArrayList<>();
    private final Click[] recent = new Click[RECENT];
    long resent;
    /** Whether the click {@link #next} returned last is one sent again (the edge then marks it so). */
    boolean sentAgain;

    ClickMix(Instant start, Duration step) {
      this.start = start;
      this.step = step;
      for (int i = 0; i < RETURNING_VISITORS; i++) {
        returning.add(VisitorId.mint());
      }
    }

    Click next(int i) {
      Instant time = start.plus(step.multipliedBy(i));
      Click previous = recent[Math.floorMod(i - 1, RECENT)];
      int kind = random.nextInt(100);
      Click click;
      sentAgain = kind < 1 && previous != null;
      if (sentAgain) {
        resent++;
        Click earlier = recent[random.nextInt(RECENT)];
        return earlier == null ? previous : earlier; // the same click again, as after an edge outage
      } else if (kind < 4 && previous != null) {
        click = doubleTap(previous);
      } else if (kind < 8) {
        click = newVisitor(time).setUserAgent(BOTS.get(random.nextInt(BOTS.size()))).build();
      } else if (kind < 10) {
        click = newVisitor(time).setIp("192.0.2." + random.nextInt(5)).build();
      } else if (kind < 35) {
        click = fresh(returning.get(random.nextInt(returning.size())), time).build();
      } else {
        click = newVisitor(time).build();
      }
      recent[i % RECENT] = click;
      return click;
    }

    /** A double tap with the cookie the first tap set. */
    private Click doubleTap(Click previous) {
      Instant time = previous.getTime().plusMillis(500 + random.nextInt(2_500));
      return Click.newBuilder(previous)
          .setClickId(ClickId.create(time.toEpochMilli(), previous.getVisitorId(), false))
          .setTime(time)
          .setNewVisitor(false)
          .build();
    }

    /** A consumer without the visitor cookie: the edge makes the visitor id and says so. */
    private Click.Builder newVisitor(Instant time) {
      return fresh(VisitorId.mint(time.toEpochMilli()), time).setNewVisitor(true);
    }

    private Click.Builder fresh(String visitorId, Instant time) {
      long affiliate = 1 + random.nextInt(AFFILIATES);
      // each affiliate runs a few of the offers, as campaigns do
      long offer = 1 + (affiliate * 7 + random.nextInt(OFFERS_PER_AFFILIATE)) % OFFERS;
      return Click.newBuilder()
          .setClickId(ClickId.create(time.toEpochMilli(), visitorId, false))
          .setVisitorId(visitorId)
          .setTime(time)
          .setAffiliateId(affiliate)
          .setOfferId(offer)
          .setCampaignId(affiliate * 100 + offer)
          .setCreativeId(offer * 10 + random.nextInt(2))
          .setS1("placement-" + random.nextInt(5))
          .setS2("sub-" + random.nextInt(2_000))
          // a tenth carry the affiliate's own click id: one value per click
          .setS3(random.nextInt(10) == 0 ? UUID.randomUUID().toString() : null)
          .setIp("10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256))
          .setUserAgent(BROWSERS.get(random.nextInt(BROWSERS.size())))
          .setClickCookieDays(30);
    }

    /** About a hundred browser user agents: the common browsers and systems across versions. */
    private static List<String> browsers() {
      List<String> agents = new ArrayList<>();
      for (int version = 110; version < 135; version++) {
        agents.add("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + version
            + ".0.0.0 Safari/537.36");
        agents.add("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + version
            + ".0.0.0 Mobile Safari/537.36");
        agents.add("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:" + version + ".0) Gecko/20100101 Firefox/"
            + version + ".0");
      }
      for (int minor = 0; minor < 6; minor++) {
        agents.add("Mozilla/5.0 (iPhone; CPU iPhone OS 17_" + minor + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
            + "like Gecko) Version/17." + minor + " Mobile/15E148 Safari/604.1");
        agents.add("Mozilla/5.0 (iPad; CPU OS 17_" + minor + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17." + minor + " Mobile/15E148 Safari/604.1");
      }
      return agents;
    }
  }

  /**
   * CPU of the stream threads (and their producers' senders) and of the whole JVM (the collector's threads, RocksDB's
   * flushes and compactions, the JIT), the JIT's and the collector's time so far. On two shared cores the app's
   * whole CPU per click, not its stream thread's alone, is what bounds its throughput.
   */
  private record JvmTimes(long streamThreadCpuNanos, long processCpuNanos, long jitMillis, long gcMillis) {
    static JvmTimes now() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long streamCpu = 0;
      for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (thread != null && thread.getThreadName().contains("StreamThread")) {
          streamCpu += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
        }
      }
      long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
      long processCpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      return new JvmTimes(streamCpu, processCpu, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
          gc);
    }

    JvmTimes minus(JvmTimes earlier) {
      return new JvmTimes(streamThreadCpuNanos - earlier.streamThreadCpuNanos,
          processCpuNanos - earlier.processCpuNanos, jitMillis - earlier.jitMillis, gcMillis - earlier.gcMillis);
    }
  }
}
