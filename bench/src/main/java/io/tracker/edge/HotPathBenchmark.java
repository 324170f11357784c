package io.tracker.edge;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Settings;
import io.tracker.catalog.Status;
import io.tracker.events.Click;
import io.tracker.platform.Catalog;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.VisitorId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The steps of one click on the edge's IO thread, each on its own: link parsing, catalog lookup, token filling,
 * click id, encoding the click into its journal record (and, for comparison, Avro's generic encoder, which the
 * edge used before), journal append. Lives in the edge's package to reach its package-private classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
  private static final AvroSerde<Click> CLICKS = AvroSerde.of(Click.class);

  private Map<String, Deque<String>> query;
  private Catalog catalog;
  private LandingUrl landingUrl;
  private Function<LandingUrl.Token, String> tokenValues;
  private String visitor;
  private Click click;
  private RecordBuffer record;
  private Path journalDir;
  private Journal journal;

  @Setup
  public void setUp() throws IOException {
    query = new HashMap<>();
    for (String[] pair : new String[][] {{"a", "12"}, {"c", "345"}, {"s1", "newsletter"}, {"s2", "a1b2c3d4"}}) {
      query.put(pair[0], new ArrayDeque<>(List.of(pair[1])));
    }
    List<Affiliate> affiliates = new ArrayList<>();
    List<Creative> creatives = new ArrayList<>();
    List<Offer> offers = new ArrayList<>();
    List<Campaign> campaigns = new ArrayList<>();
    for (long i = 1; i <= 1_000; i++) { // a catalog of a mid-sized network
      affiliates.add(new Affiliate(i, "affiliate " + i, Status.ACTIVE));
      offers.add(new Offer(i, 1L, "offer " + i, "https://shop.example.com/lp?aff=#affid#&s1={sub1}&click=#reqid#",
          30, AttributionModel.FIRST_TOUCH, 2_000_000L, 4_000_000L, Status.ACTIVE, null, ConversionApproval.AUTO,
          List.of(), null));
      creatives.add(new Creative(i, i, "creative " + i, null, Status.ACTIVE));
      campaigns.add(new Campaign(i, 12L, i, Status.ACTIVE, null, null, null, null, Map.of(), List.of(), null));
    }
    catalog = Catalog.of(affiliates, List.of(new Advertiser(1L, "adv", "key", List.of())), offers, campaigns,
        creatives, new Settings(null));
    landingUrl = LandingUrl.of(offers.get(344).getLandingPageUrl());
    visitor = VisitorId.mint();
    String clickId = ClickId.create(System.currentTimeMillis(), visitor, false);
    tokenValues = token -> switch (token) {
      case AFFILIATE_ID -> "12";
      case S1 -> "news letter";
      case CLICK_ID -> clickId;
      default -> null;
    };
    click = Click.newBuilder().setClickId(clickId).setVisitorId(visitor)
        .setTime(Instant.now()).setAffiliateId(12).setCreativeId(345).setOfferId(345L).setCampaignId(345L)
        .setS1("newsletter").setS2("a1b2c3d4").setIp("203.0.113.7")
        .setUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36")
        .setRedirectUrl("https://shop.example.com/lp?aff=12&s1=newsletter&click=x").build();
    geo = GeoLookup.open("");
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < addresses.length; i++) { // spread over the IPv4 space, as a network's consumers are
      addresses[i] = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
          + random.nextInt(256);
    }
    record = new RecordBuffer();
    Journal.begin(record, 0, 1L, visitor);
    ClickEncoder.write(click, record);
    journalDir = Files.createTempDirectory("jmh-journal");
    journal = new Journal(journalDir, 64 << 20, 1L << 30);
  }

  private GeoLookup geo;
  private final String[] addresses = new String[4096];
  private int next;

  @TearDown
  public void tearDown() throws IOException {
    journal.close();
    try (var files = Files.list(journalDir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(journalDir);
  }

  @Benchmark
  public LinkParameters.Parsed parseLink() {
    return LinkParameters.parse(query);
  }

  @Benchmark
  public LinkResolver.Resolution lookUpCatalog() {
    return LinkResolver.resolve(catalog, 12, 345);
  }

  /** The country of the consumer's address in the built-in database: 4096 addresses in turn. */
  @Benchmark
  public String lookUpCountry() {
    return geo.country(addresses[next++ & (addresses.length - 1)]);
  }

  @Benchmark
  public String fillTokens() {
    return landingUrl.fill(tokenValues);
  }

  @Benchmark
  public String makeClickId() {
    return ClickId.create(System.currentTimeMillis(), visitor, false);
  }

  @Benchmark
  public byte[] encodeAvro() {
    return CLICKS.encode(click);
  }

  @Benchmark
  public RecordBuffer encodeClick() {
    RecordBuffer buffer = Journal.begin(RecordBuffer.ofThisThread(), 0, 1L, visitor);
    ClickEncoder.write(click, buffer);
    return buffer;
  }

  @Benchmark
  public boolean appendToJournal() {
    if (journal.append(record)) {
      return true;
    }
    // as the shipper and the flusher would, now and then: the cost is spread over ~4M appends
    journal.acknowledge(journal.end());
    journal.sync();
    return journal.append(record);
  }
}
