package io.tracker.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.events.Click;
import io.tracker.events.ClickIdSource;
import io.tracker.events.ClickKind;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionKind;
import io.tracker.events.RedirectReason;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Topics;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a click or a conversion reaches the tracker, over HTTP against the all-in-one system: click pixel,
 * click cookies under first and last touch, secure cookies behind a trusted proxy, test links, conversion
 * pixels and postbacks with each of their refusals, and the fallback chain step by step.
 */
class CaptureSurfaceEndToEndTest {
  @TempDir static Path data;
  static TrackerFixture fixture;
  static TrackerClient client;
  static TopicEvents<Click> clicks;
  static TopicEvents<Conversion> conversions;

  static long advertiser;
  static String postbackKey;
  static long affiliate;
  static long firstTouchOffer;
  static long firstTouchCreative;
  static long lastTouchOffer;
  static long lastTouchCreative;

  @BeforeAll
  static void startTracker() {
    fixture = TrackerFixture.start(data, Map.of("edge.trustedProxies", "127.0.0.1"));
    client = fixture.client;
    var adv = client.created("/api/advertisers", "{\"name\":\"Acme Ads\"}");
    advertiser = adv.get("id").asLong();
    postbackKey = adv.get("postbackKey").asText();
    affiliate = fixture.created("/api/affiliates", "{\"name\":\"Blue Media\"}");
    firstTouchOffer = offer("First Touch", "FIRST_TOUCH", 30, null);
    lastTouchOffer = offer("Last Touch", "LAST_TOUCH", 7, null);
    firstTouchCreative = campaignAndCreative(affiliate, firstTouchOffer);
    lastTouchCreative = campaignAndCreative(affiliate, lastTouchOffer);
    fixture.created("/api/events", "{\"offerId\":%d,\"code\":\"lead\",\"name\":\"Lead\",\"payout\":1,\"revenue\":4}"
        .formatted(lastTouchOffer));
    fixture.created("/api/events", "{\"offerId\":%d,\"code\":\"sale\",\"name\":\"Sale\",\"payout\":3,\"revenue\":9}"
        .formatted(lastTouchOffer));
    clicks = new TopicEvents<>(fixture.bootstrapServers, Topics.CLICKS, Click.class);
    conversions = new TopicEvents<>(fixture.bootstrapServers, Topics.CONVERSIONS, Conversion.class);
    // the edge has the catalog within a second
    fixture.awaitRedirect("/?a=%d&c=%d".formatted(affiliate, lastTouchCreative), l -> l.startsWith("https://shop.example.com/"));
  }

  @AfterAll
  static void stopTracker() {
    clicks.close();
    conversions.close();
    fixture.close();
  }

  static long offer(String name, String model, int days, String redirectUrl) {
    return fixture.created("/api/offers", """
        {"advertiserId": %d, "name": "%s", "landingPageUrl": "https://shop.example.com/%s?click={click_id}",
         "clickCookieDays": %d, "attributionModel": "%s", "payout": 2, "revenue": 5, "redirectUrl": %s}
        """.formatted(advertiser, name, name.replace(' ', '-'), days, model,
        redirectUrl == null ? "null" : "\"" + redirectUrl + "\""));
  }

  static long campaignAndCreative(long affiliateId, long offerId) {
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(affiliateId, offerId));
    return fixture.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(offerId));
  }

  static Optional<String> cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
  }

  static String cookieValue(HttpResponse<?> response, String name) {
    String cookie = cookie(response, name).orElseThrow(() -> new AssertionError("no " + name + " cookie"));
    return cookie.substring(name.length() + 1, cookie.indexOf(';'));
  }

  @Test
  void clickPixelRecordsADirectClickWithTheSameCookiesAsALink() {
    var answer = client.edge("/pixel/click.gif?a=%d&c=%d&s1=pixel-test".formatted(affiliate, lastTouchCreative));
    assertEquals(200, answer.status());
    assertEquals("image/gif", answer.response().headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-store", answer.response().headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(answer.body().startsWith("GIF89a"));
    String clickId = cookieValue(answer.response(), "tc_" + lastTouchOffer);
    String visitor = cookieValue(answer.response(), "tv");
    Click click = clicks.awaitFirst(c -> c.getClickId().equals(clickId));
    assertEquals(ClickKind.DIRECT, click.getKind());
    assertEquals("pixel-test", click.getS1());
    assertEquals(visitor, click.getVisitorId());
    assertEquals(RedirectReason.OK, click.getReason());

    var js = client.edge("/pixel/click.js");
    assertEquals(200, js.status());
    assertTrue(js.response().headers().firstValue("Content-Type").orElseThrow().startsWith("application/javascript"));
    assertTrue(js.body().contains("/pixel/click.gif?"));
  }

  @Test
  void theJsTagOnALandingPageReportsTheClickInARealBrowser(@TempDir Path profile) throws Exception {
    String page = """
        <!doctype html><title>Landing</title><h1>Summer Sale</h1>
        <script src="%s/pixel/click.js?a=%d&amp;c=%d" async></script>
        """.formatted(fixture.edgeUrl, affiliate, lastTouchCreative);
    HttpServer landing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    landing.createContext("/landing", exchange -> {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    landing.start();
    try {
      // the page's own URL carries the sub ids (and could override a and c), as a direct link does
      String dom = HeadlessChromium.load("http://127.0.0.1:" + landing.getAddress().getPort()
          + "/landing?s1=browser&s2=from%20js", profile);
      assertTrue(dom.contains("Summer Sale"), dom);
    } finally {
      landing.stop(0);
    }
    Click click = clicks.awaitFirst(c -> "browser".equals(c.getS1()));
    assertEquals(ClickKind.DIRECT, click.getKind());
    assertEquals("from js", click.getS2());
    assertEquals(affiliate, click.getAffiliateId());
    assertEquals(lastTouchCreative, click.getCreativeId());
    assertEquals(RedirectReason.OK, click.getReason());
  }

  @Test
  void firstTouchKeepsTheClickCookieAndLastTouchOverwritesIt() {
    var first = client.edge("/?a=%d&c=%d".formatted(affiliate, firstTouchCreative));
    String visitor = cookieValue(first.response(), "tv");
    String firstClick = cookieValue(first.response(), "tc_" + firstTouchOffer);
    assertTrue(cookie(first.response(), "tc_" + firstTouchOffer).get().contains("Max-Age=" + 30 * 86_400));
    var second = client.edge("/?a=%d&c=%d".formatted(affiliate, firstTouchCreative),
        "Cookie", "tv=" + visitor + "; tc_" + firstTouchOffer + "=" + firstClick);
    assertEquals(302, second.status());
    assertTrue(cookie(second.response(), "tc_" + firstTouchOffer).isEmpty(), "first touch keeps the valid earlier click");
    assertEquals(visitor, cookieValue(second.response(), "tv"), "the same visitor");

    var lastA = client.edge("/?a=%d&c=%d".formatted(affiliate, lastTouchCreative));
    String lastVisitor = cookieValue(lastA.response(), "tv");
    String lastFirstClick = cookieValue(lastA.response(), "tc_" + lastTouchOffer);
    var lastB = client.edge("/?a=%d&c=%d".formatted(affiliate, lastTouchCreative),
        "Cookie", "tv=" + lastVisitor + "; tc_" + lastTouchOffer + "=" + lastFirstClick);
    String newer = cookieValue(lastB.response(), "tc_" + lastTouchOffer);
    assertFalse(newer.equals(lastFirstClick), "last touch overwrites");
    assertTrue(clicks.awaitFirst(c -> c.getClickId().equals(lastFirstClick)).getNewVisitor(),
        "no visitor cookie: the edge made the visitor, and says so");
    assertFalse(clicks.awaitFirst(c -> c.getClickId().equals(newer)).getNewVisitor(), "the visitor's cookie");
    assertTrue(cookie(lastB.response(), "tc_" + lastTouchOffer).get().contains("Max-Age=" + 7 * 86_400),
        "and restarts its days");

    // a conversion pixel with that cookie credits the click the cookie holds
    var pixel = client.edge("/p.ashx?o=" + firstTouchOffer, "Cookie", "tv=" + visitor + "; tc_" + firstTouchOffer + "=" + firstClick);
    assertEquals(200, pixel.status());
    Conversion conversion = conversions.awaitFirst(c -> firstClick.equals(c.getClickId()));
    assertEquals(ClickIdSource.COOKIE, conversion.getClickIdSource());
    assertEquals(visitor, conversion.getVisitorId());
  }

  @Test
  void cookiesAreSecureAndSameSiteNoneOnlyOverHttpsFromATrustedProxy() {
    String link = "/?a=%d&c=%d".formatted(affiliate, lastTouchCreative);
    var viaProxy = client.edge(link, "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
    String secure = cookie(viaProxy.response(), "tv").orElseThrow();
    assertTrue(secure.contains("Secure") && secure.contains("SameSite=None") && secure.contains("HttpOnly"), secure);
    String clickId = cookieValue(viaProxy.response(), "tc_" + lastTouchOffer);
    assertEquals("203.0.113.7", clicks.awaitFirst(c -> c.getClickId().equals(clickId)).getIp(),
        "the consumer's address comes from the trusted proxy");

    var plain = client.edge(link);
    String lax = cookie(plain.response(), "tv").orElseThrow();
    assertTrue(lax.contains("SameSite=Lax") && !lax.contains("Secure"), lax);
  }

  @Test
  void testLinksAreLeftOutOfReportsUnlessAskedFor() {
    long testAffiliate = fixture.created("/api/affiliates", "{\"name\":\"Test Traffic\"}");
    long creative = campaignAndCreative(testAffiliate, lastTouchOffer);
    fixture.awaitRedirect("/?a=%d&c=%d&test=1".formatted(testAffiliate, creative), l -> l.startsWith("https://shop.example.com/"));
    fixture.awaitReportRow("groupBy=affiliate&test=true&affiliateId=" + testAffiliate,
        row -> row.get("totalClicks").asLong() >= 1);
    var withoutTest = client.api("GET", "/api/reports/clicks?groupBy=affiliate&affiliateId=" + testAffiliate, null);
    assertEquals(200, withoutTest.status());
    assertEquals(0, withoutTest.json().get("rows").size(), withoutTest.body());

    // a conversion on a test click is test traffic too: the click id says so
    String testClick = cookieValue(client.edge("/?a=%d&c=%d&test=1".formatted(testAffiliate, creative)).response(),
        "tc_" + lastTouchOffer);
    assertTrue(ClickId.parse(testClick).orElseThrow().test());
    assertEquals(200, client.edge("/p.ashx?o=%d&r=%s".formatted(lastTouchOffer, testClick)).status());
    assertTrue(conversions.awaitFirst(c -> testClick.equals(c.getClickId())).getTest());
  }

  @Test
  void conversionPixelsFindTheClickByParameterOrCookieOrKeepItUnattributed() {
    String clickId = cookieValue(client.edge("/?a=%d&c=%d".formatted(affiliate, lastTouchCreative)).response(),
        "tc_" + lastTouchOffer);

    var img = client.edge("/p.ashx?o=%d&r=%s&e=lead&t=img-1".formatted(lastTouchOffer, clickId));
    assertEquals(200, img.status());
    assertEquals("image/gif", img.response().headers().firstValue("Content-Type").orElseThrow());
    Conversion byParameter = conversions.awaitFirst(c -> "img-1".equals(c.getTransactionId()));
    assertEquals(clickId, byParameter.getClickId());
    assertEquals(ClickIdSource.PARAMETER, byParameter.getClickIdSource());
    assertEquals(ConversionKind.PIXEL_IMAGE, byParameter.getKind());
    assertEquals("lead", byParameter.getEventName());
    assertEquals(4_000_000L, byParameter.getRevenueMicros(), "the lead event's revenue when p is not given");
    assertEquals(1_000_000L, byParameter.getPayoutMicros(), "and its payout");
    assertEquals(ClickId.parse(clickId).orElseThrow().visitorId(), byParameter.getVisitorId(), "keyed by the click's visitor");

    var js = client.edge("/p.ashx?o=%d&f=js&t=js-1&p=7.25".formatted(lastTouchOffer), "Cookie", "tc_" + lastTouchOffer + "=" + clickId);
    assertEquals(200, js.status());
    assertTrue(js.response().headers().firstValue("Content-Type").orElseThrow().startsWith("application/javascript"));
    Conversion byCookie = conversions.awaitFirst(c -> "js-1".equals(c.getTransactionId()));
    assertEquals(ClickIdSource.COOKIE, byCookie.getClickIdSource());
    assertEquals(ConversionKind.PIXEL_JS, byCookie.getKind());
    assertEquals(7_250_000L, byCookie.getRevenueMicros(), "p overrides the offer's revenue");

    var iframe = client.edge("/p.ashx?o=%d&f=iframe&t=iframe-1&e=refund".formatted(lastTouchOffer));
    assertEquals(200, iframe.status());
    assertTrue(iframe.response().headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    Conversion unattributed = conversions.awaitFirst(c -> "iframe-1".equals(c.getTransactionId()));
    assertNull(unattributed.getClickId(), "kept without a click, never dropped");
    assertEquals(ClickIdSource.NONE, unattributed.getClickIdSource());
    assertEquals(ConversionKind.PIXEL_IFRAME, unattributed.getKind());
    assertNull(unattributed.getEventName(), "a pixel's unknown e is recorded as the offer's default event");
    assertEquals(5_000_000L, unattributed.getRevenueMicros(), "with the offer's revenue");
    assertNull(unattributed.getPayoutMicros(), "and each click's own payout");
  }

  @Test
  void postbacksNeedTheAdvertisersKeyAndAClickIdAndSayWhy() {
    String clickId = cookieValue(client.edge("/?a=%d&c=%d".formatted(affiliate, lastTouchCreative)).response(),
        "tc_" + lastTouchOffer);
    String base = "/p.ashx?o=%d&f=pb&r=%s&t=%s&p=12.5&e=sale".formatted(lastTouchOffer, clickId, "%s");

    record Refusal(String query, int status, String reason) {}
    for (Refusal refusal : List.of(
        new Refusal(base.formatted("pb-nokey"), 401, "missing postback key"),
        new Refusal(base.formatted("pb-wrongkey") + "&k=not-the-key", 403, "wrong postback key"),
        new Refusal("/p.ashx?o=%d&f=pb&t=pb-noclick&k=%s".formatted(lastTouchOffer, postbackKey), 400, "missing click id"),
        new Refusal("/p.ashx?o=987654&f=pb&r=%s&t=pb-nooffer&k=%s".formatted(clickId, postbackKey), 400, "unknown offer"),
        new Refusal(base.formatted("pb-badamount").replace("p=12.5", "p=12,5") + "&k=" + postbackKey, 400, "p must be"),
        new Refusal(base.formatted("pb-badclick").replace("r=" + clickId, "r=not-a-click") + "&k=" + postbackKey, 400, "r is not"),
        new Refusal(base.formatted("pb-noevent").replace("e=sale", "e=refund") + "&k=" + postbackKey, 400,
            "e: offer " + lastTouchOffer + " has no event refund"))) {
      var answer = client.edge(refusal.query());
      assertEquals(refusal.status(), answer.status(), refusal.query() + " -> " + answer.body());
      assertEquals("rejected", answer.json().get("status").asText());
      assertTrue(answer.json().get("reason").asText().contains(refusal.reason()), answer.body());
    }

    var accepted = client.edge(base.formatted("pb-ok") + "&k=" + postbackKey);
    assertEquals(200, accepted.status(), accepted.body());
    assertEquals("accepted", accepted.json().get("status").asText());
    assertEquals(clickId, accepted.json().get("clickId").asText());
    Conversion postback = conversions.awaitFirst(c -> "pb-ok".equals(c.getTransactionId()));
    assertEquals(ConversionKind.POSTBACK, postback.getKind());
    assertEquals(12_500_000L, postback.getRevenueMicros());
    assertEquals("sale", postback.getEventName());
    assertEquals(accepted.json().get("conversionId").asText(), postback.getConversionId());

    // none of the refused ones reached Kafka
    assertTrue(conversions.all().stream().noneMatch(c -> c.getTransactionId() != null
        && c.getTransactionId().startsWith("pb-") && !c.getTransactionId().equals("pb-ok")));
  }

  @Test
  void postbacksFromOutsideTheAdvertisersAddressesAreRefused() {
    var guarded = client.created("/api/advertisers", "{\"name\":\"Guarded\",\"postbackIps\":[\"203.0.113.9\"]}");
    String key = guarded.get("postbackKey").asText();
    long offer = fixture.created("/api/offers", """
        {"advertiserId": %d, "name": "Guarded", "landingPageUrl": "https://shop.example.com/guarded?c={click_id}"}
        """.formatted(guarded.get("id").asLong()));
    long creative = campaignAndCreative(affiliate, offer);
    fixture.awaitRedirect("/?a=%d&c=%d".formatted(affiliate, creative), l -> l.startsWith("https://shop.example.com/guarded"));
    String clickId = cookieValue(client.edge("/?a=%d&c=%d".formatted(affiliate, creative)).response(), "tc_" + offer);
    String postback = "/p.ashx?o=%d&f=pb&r=%s&k=%s&t=".formatted(offer, clickId, key);

    var fromElsewhere = client.edge(postback + "guarded-1", "X-Forwarded-For", "198.51.100.1");
    assertEquals(403, fromElsewhere.status(), fromElsewhere.body());
    assertTrue(fromElsewhere.json().get("reason").asText().contains("not taken from 198.51.100.1"));
    var fromTheAdvertiser = client.edge(postback + "guarded-2", "X-Forwarded-For", "203.0.113.9");
    assertEquals(200, fromTheAdvertiser.status(), fromTheAdvertiser.body());
    assertEquals("guarded-2", conversions.awaitFirst(c -> c.getTransactionId() != null
        && c.getTransactionId().startsWith("guarded-")).getTransactionId(), "only the allowed one is counted");
  }

  @Test
  void metricsAreBehindTheAdminKeyAndCoverEveryModule() {
    assertEquals(401, client.raw(client.apiBase() + "/metrics").status());
    var metrics = client.api("GET", "/metrics", null);
    assertEquals(200, metrics.status());
    for (String name : List.of("edge_requests_total", "edge_request_seconds_bucket", "edge_journal_pending_bytes",
        "edge_events_dropped_total", "streams_state", "jvm_memory_used_bytes")) {
      assertTrue(metrics.body().contains(name), name + " missing from /metrics");
    }
    assertTrue(metrics.body().contains("app=\"click-streams\"") && metrics.body().contains("app=\"attribution\""));
  }

  @Test
  void generatorsGiveSnippetsThatPointAtTheEdge() {
    var clickPixels = client.api("POST", "/api/pixels/click",
        "{\"affiliateId\":%d,\"creativeId\":%d}".formatted(affiliate, lastTouchCreative));
    assertEquals(200, clickPixels.status(), clickPixels.body());
    assertTrue(clickPixels.json().get("img").asText().contains(fixture.edgeUrl + "/pixel/click.gif?a=" + affiliate));
    assertTrue(clickPixels.json().get("js").asText().contains(fixture.edgeUrl + "/pixel/click.js?a=" + affiliate));

    var conversionPixels = client.api("POST", "/api/pixels/conversion", "{\"offerId\":%d}".formatted(lastTouchOffer));
    assertEquals(200, conversionPixels.status(), conversionPixels.body());
    for (String kind : List.of("img", "iframe", "js")) {
      assertTrue(conversionPixels.json().get(kind).asText().contains(fixture.edgeUrl + "/p.ashx?o=" + lastTouchOffer), kind);
    }
    String postback = conversionPixels.json().get("postback").asText();
    assertTrue(postback.startsWith(fixture.edgeUrl + "/p.ashx?o=" + lastTouchOffer + "&f=pb&r={click_id}"), postback);
    assertTrue(postback.endsWith("&k=" + postbackKey), postback);

    assertEquals(400, client.api("POST", "/api/pixels/conversion", "{\"offerId\":4242}").status());
    assertEquals(400, client.api("POST", "/api/pixels/click", "{\"affiliateId\":%d}".formatted(affiliate)).status());
  }

  @Test
  void theFallbackChainStepByStep() {
    long chainAffiliate = fixture.created("/api/affiliates", "{\"name\":\"Chain\"}");
    long chainOffer = offer("Chain Offer", "LAST_TOUCH", 7, "https://shop.example.com/offer-redirect");
    long campaign = fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d,\"redirectOfferId\":%d}"
        .formatted(chainAffiliate, chainOffer, firstTouchOffer));
    long creative = fixture.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Chain\"}".formatted(chainOffer));
    assertEquals(200, client.api("PUT", "/api/settings", "{\"globalRedirectUrl\":\"https://network.example.com/home\"}").status());
    String link = "/?a=%d&c=%d".formatted(chainAffiliate, creative);

    fixture.awaitRedirect(link, l -> l.startsWith("https://shop.example.com/Chain-Offer?click="));
    put("/api/campaigns/" + campaign, "{\"status\":\"PAUSED\"}");
    fixture.awaitRedirect(link, l -> l.startsWith("https://shop.example.com/First-Touch?click="));
    put("/api/campaigns/" + campaign, "{\"redirectOfferId\":null}");
    fixture.awaitRedirect(link, "https://shop.example.com/offer-redirect"::equals);
    put("/api/offers/" + chainOffer, "{\"redirectUrl\":null}");
    fixture.awaitRedirect(link, "https://network.example.com/home"::equals);
    put("/api/settings", "{\"globalRedirectUrl\":null}");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
        .until(() -> client.edge(link).status() == 404);
    Click last = clicks.awaitFirst(c -> c.getAffiliateId() == chainAffiliate && c.getRedirectUrl() == null);
    assertEquals(RedirectReason.PAUSED_CAMPAIGN, last.getReason(), "every click says why it went where it went");
  }

  static void put(String path, String json) {
    var answer = client.api("PUT", path, json);
    assertEquals(200, answer.status(), path + " " + answer.body());
  }

  @Test
  void badInputOnEveryParameterGetsA4xxAndNeverARedirectElsewhere() {
    String a = String.valueOf(affiliate);
    String c = String.valueOf(lastTouchCreative);
    String o = String.valueOf(lastTouchOffer);
    String tooLong = "x".repeat(300);
    List<String> hostile = List.of(
        "/?a=" + a + "&c=" + c + "&s1=" + tooLong, "/?a=" + a + "&c=" + c + "&s2=a&s2=b", "/?a=" + a + "&c=" + c + "&udid=" + tooLong,
        "/?a=" + a + "&c=" + c + "&test=2", "/?a=1.5&c=" + c, "/?a=" + a + "&c=0x10", "/?c=" + c, "/?a=" + a,
        "/pixel/click.gif?a=" + a, "/pixel/click.gif?a=" + a + "&c=" + c + "&s3=" + tooLong, "/pixel/click.gif?a=x&c=y",
        "/p.ashx", "/p.ashx?o=abc", "/p.ashx?o=" + o + "&o=" + o, "/p.ashx?o=" + o + "&f=gif", "/p.ashx?o=" + o + "&p=-1",
        "/p.ashx?o=" + o + "&p=1e9", "/p.ashx?o=" + o + "&t=" + tooLong, "/p.ashx?o=" + o + "&e=" + tooLong,
        "/p.ashx?o=" + o + "&e=%3Cscript%3E", "/p.ashx?o=" + o + "&k=" + tooLong, "/p.ashx?o=" + o + "&r=" + tooLong);
    for (String query : hostile) {
      var answer = client.edge(query);
      assertTrue(answer.status() >= 400 && answer.status() < 500, query + " -> " + answer.status() + " " + answer.body());
      assertTrue(answer.response().headers().firstValue("Location").isEmpty(), query);
    }
    // parameters the edge does not know are ignored; a redirect never takes its target from the request
    var answer = client.edge("/?a=" + a + "&c=" + c + "&url=https://evil.example.com/&redirect=https://evil.example.com/");
    assertEquals(302, answer.status());
    assertTrue(answer.response().headers().firstValue("Location").orElseThrow().startsWith("https://shop.example.com/"));
    // a cookie that is not one of ours is not trusted as a visitor or a click
    var forged = client.edge("/p.ashx?o=" + o + "&t=forged-cookie", "Cookie", "tv=../../etc; tc_" + o + "=<script>");
    assertEquals(200, forged.status());
    Conversion fromForged = conversions.awaitFirst(conv -> "forged-cookie".equals(conv.getTransactionId()));
    assertNull(fromForged.getClickId());
    assertTrue(io.tracker.schemas.VisitorId.isValid(fromForged.getVisitorId()), "a fresh visitor id, not the cookie");
  }
}
