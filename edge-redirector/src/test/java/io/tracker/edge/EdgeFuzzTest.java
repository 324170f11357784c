package io.tracker.edge;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Affiliate;
import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Campaign;
import io.tracker.catalog.ConversionApproval;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Offer;
import io.tracker.catalog.Settings;
import io.tracker.catalog.Status;
import io.tracker.platform.Catalog;
import io.tracker.platform.ConfigCheck;
import io.tracker.embedded.FreePort;
import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and hostile query strings, headers and cookies thrown at every public endpoint of the edge, over a
 * raw socket (so that what a well-behaved client would refuse to send still arrives): never a 5xx, and a
 * Location only ever points at a URL the catalog holds.
 */
class EdgeFuzzTest {
  private static final List<String> CATALOG_URLS = List.of("https://shop.example.com/lp?",
      "https://shop.example.com/redirect", "https://network.example.com/");
  private static final List<String> ENDPOINTS = List.of("/", "/pixel/click.gif", "/pixel/click.js", "/p.ashx",
      "/healthz", "/readyz", "/admin", "/api/offers");
  private static final List<String> NAMES = List.of("a", "c", "s1", "s2", "s3", "s4", "s5", "udid", "test", "o", "e",
      "r", "t", "p", "f", "k", "url", "redirect", "");

  private static final java.util.concurrent.ConcurrentHashMap<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentHashMap<>();
  private static Path journalDir;
  private static Undertow server;
  private static int port;

  @BeforeContainer
  static void startEdgeHandlers() throws IOException {
    journalDir = Files.createTempDirectory("edge-fuzz");
    port = FreePort.find();
    EdgeConfig config = EdgeConfig.load(ConfigCheck.load(Map.of("edge.port", port, "edge.host", "127.0.0.1",
        "edge.journalDir", journalDir.toString(), "edge.trustedProxies", "127.0.0.1")));
    Catalog catalog = Catalog.of(List.of(new Affiliate(1L, "aff", Status.ACTIVE)),
        List.of(new Advertiser(1L, "adv", "secret-key", List.of())),
        List.of(new Offer(1L, 1L, "offer", "https://shop.example.com/lp?c={click_id}&s=#s1#&u={udid}", 30,
            AttributionModel.FIRST_TOUCH, 1L, 2L, Status.ACTIVE, "https://shop.example.com/redirect",
            ConversionApproval.AUTO, List.of(), null)),
        List.of(new Campaign(1L, 1L, 1L, Status.ACTIVE, null, null, null, null, Map.of(), List.of(), null)),
        List.of(new Creative(1L, 1L, "banner", null, Status.ACTIVE)),
        new Settings("https://network.example.com/"));
    Journal journal = new Journal(journalDir, 1 << 20, 64L << 20);
    server = EdgeApp.listener(config, EdgeApp.routes(config, () -> catalog, new EventPublisher(journal),
        new SimpleMeterRegistry(), () -> true, GeoLookup.open(""), TrafficControl.NONE, Clock.systemUTC())).build();
    server.start();
  }

  @AfterContainer
  static void stopAndCheckTheFuzzReachedTheHandlers() {
    server.stop();
    // a fuzz run where every request was refused at the door would prove nothing about the handlers
    for (int status : new int[] {200, 302, 400}) {
      if (STATUSES.getOrDefault(status, 0) < 5) {
        throw new AssertionError("too few " + status + " answers to trust the fuzz run: " + STATUSES);
      }
    }
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("1", "0", "-1", "01", "1.0", "0x1", "99999999999999999999", "true", "img", "pb", "js", "iframe"),
        Arbitraries.strings().ofMaxLength(40).map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)),
        Arbitraries.of("%", "%z", "%zz", "%FF%FE", "%C0%AF", "%00", "%0d%0aSet-Cookie:%20x=1", "..%2F..%2F", "%E2%80%AE",
            "https://evil.example.com/", "//evil.example.com", "javascript:alert(1)", "<script>", "'\"", "+", "&", "="),
        Arbitraries.integers().between(200, 5_000).map("x"::repeat));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> pair = Combinators.combine(Arbitraries.of(NAMES), values(), Arbitraries.of("=", "", "=="))
        .as((name, value, eq) -> name + eq + value);
    return pair.list().ofMaxSize(12).map(pairs -> String.join("&", pairs));
  }

  @Provide
  Arbitrary<String> headerValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
        Arbitraries.of("tv=AAAAAAAAAAA; tc_1=AAAAAAAAAAAAAAAAAAAAAAAA", "tv=../../etc/passwd", "tc_1=<script>",
            "tv=\"quoted\"; tc_1=", "a=b=c;;;; ;", "https", "1.2.3.4, 127.0.0.1", "unknown, , ,"),
        Arbitraries.integers().between(1_000, 20_000).map("y"::repeat));
  }

  @Property(tries = 400)
  void anyQueryOnAnyEndpointIsAnsweredWithoutA5xxOrAForeignRedirect(@ForAll("endpoints") String path,
      @ForAll("queries") String query) throws IOException {
    check(path + (query.isEmpty() ? "" : "?" + query), "");
  }

  @Property(tries = 300)
  void hostileHeadersAndCookiesChangeNothingOfThat(@ForAll("queries") String query,
      @ForAll("headerValues") String cookie, @ForAll("headerValues") String forwarded,
      @ForAll("headerValues") String agent) throws IOException {
    check("/?a=1&c=1&" + query, "Cookie: " + cookie + "\r\nX-Forwarded-For: " + forwarded
        + "\r\nX-Forwarded-Proto: " + forwarded + "\r\nUser-Agent: " + agent + "\r\n");
    check("/p.ashx?o=1&" + query, "Cookie: " + cookie + "\r\n");
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Arbitraries.of(ENDPOINTS);
  }

  private static void check(String target, String headers) throws IOException {
    String answer = send("GET " + target + " HTTP/1.1\r\nHost: edge.example\r\n" + headers + "Connection: close\r\n\r\n");
    if (answer.isEmpty()) {
      return; // the server may close a connection whose request it cannot read at all: no answer, no 5xx
    }
    int status = Integer.parseInt(answer.substring(9, 12));
    STATUSES.merge(status, 1, Integer::sum);
    if (status >= 500) {
      throw new AssertionError(target + " -> " + answer);
    }
    for (String line : answer.split("\r\n")) {
      if (line.regionMatches(true, 0, "Location:", 0, 9)) {
        String location = line.substring(9).strip();
        if (CATALOG_URLS.stream().noneMatch(location::startsWith)) {
          throw new AssertionError(target + " redirected outside the catalog: " + location);
        }
      }
    }
  }

  /** The status line and headers of the answer (empty when the server closed without one). */
  private static String send(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          break;
        }
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    } catch (SocketException reset) {
      return "";
    }
  }
}
