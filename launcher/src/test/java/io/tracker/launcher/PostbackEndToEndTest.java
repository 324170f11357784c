package io.tracker.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound postbacks on the all-in-one tracker: postbacks saved through the API (and refused when their URL has
 * unknown tokens or points into our network), a consumer who clicks two affiliates' links and converts on a LINEAR
 * offer, and each affiliate's server getting exactly one call with every token filled in (the click's sub ids and
 * device id too) and URL-encoded; then the postback report, the conversions report with each conversion's calls,
 * a test call, and the metrics.
 */
class PostbackEndToEndTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0.0.0 Safari/537.36";
  /** Every token, CAKE's spelling and the braces one. */
  private static final String ALL_TOKENS = "/pb?t=#tid#&click={click_id}&lead=#leadid#&price={payout}&o=#oid#"
      + "&a={affiliate_id}&c=#campid#&s1=#s1#&s2={sub2}&s3=#s3#&s4={sub4}&s5=#s5#&udid=#udid#&e={event_id}"
      + "&ts=#utcunixtime#";

  @TempDir static Path data;
  static TrackerFixture fixture;
  static TrackerClient client;
  static AffiliateServer northServer;
  static AffiliateServer southServer;
  static long offer;
  static long north;
  static long south;
  static long northCampaign;
  static long northPostback;

  @BeforeAll
  static void startTrackerWithCatalog() {
    northServer = new AffiliateServer();
    southServer = new AffiliateServer();
    fixture = TrackerFixture.start(data, Map.of("edge.trustedProxies", "127.0.0.1",
        "postbackTargets.allowedNetworks", "127.0.0.1/32"));
    client = fixture.client;
    long advertiser = fixture.created("/api/advertisers", "{\"name\":\"Acme Ads\"}");
    offer = fixture.created("/api/offers", """
        {"advertiserId": %d, "name": "Linear Offer", "landingPageUrl": "https://shop.example.com/lp?click={click_id}",
         "attributionModel": "LINEAR", "payout": 2, "revenue": 6}
        """.formatted(advertiser));
    north = fixture.created("/api/affiliates", "{\"name\":\"North\"}");
    south = fixture.created("/api/affiliates", "{\"name\":\"South\"}");
    // the sale pays the offer's amounts, and North's campaign its own payout for it
    fixture.created("/api/events", "{\"offerId\":%d,\"code\":\"sale\",\"name\":\"Sale\",\"payout\":2,\"revenue\":6}"
        .formatted(offer));
    northCampaign = fixture.created("/api/campaigns",
        "{\"affiliateId\":%d,\"offerId\":%d,\"payout\":3,\"eventPayouts\":{\"sale\":3}}".formatted(north, offer));
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(south, offer));
    northPostback = fixture.created("/api/postbacks",
        "{\"affiliateId\":%d,\"url\":\"%s\"}".formatted(north, northServer.url(ALL_TOKENS)));
    fixture.created("/api/postbacks", "{\"affiliateId\":%d,\"offerId\":%d,\"event\":\"sale\",\"url\":\"%s\"}"
        .formatted(south, offer, southServer.url("/postback?lead={conversion_id}&amount=#price#&api_key=k-123")));
    // South's postback for another event, and a paused one: neither fires
    fixture.created("/api/postbacks", "{\"affiliateId\":%d,\"event\":\"lead\",\"url\":\"%s\"}"
        .formatted(south, southServer.url("/lead")));
    long paused = fixture.created("/api/postbacks", "{\"affiliateId\":%d,\"url\":\"%s\"}"
        .formatted(south, southServer.url("/paused")));
    assertEquals("PAUSED", client.api("PUT", "/api/postbacks/" + paused, "{\"status\":\"PAUSED\"}").json()
        .get("status").asText());
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
    northServer.close();
    southServer.close();
  }

  @Test
  void savingRefusesUnknownTokensOtherSchemesAndTargetsInOurNetwork() {
    assertRefused("{\"affiliateId\":%d,\"url\":\"https://aff.example/pb?c=#clickid#&a={amount}&t=#tid#\"}"
        .formatted(north), "url has unknown tokens: #clickid#, {amount} (known: #tid# #reqid#");
    assertRefused("{\"affiliateId\":%d,\"url\":\"ftp://aff.example/pb\"}".formatted(north),
        "url must be an absolute http or https URL");
    assertRefused("{\"affiliateId\":%d,\"url\":\"http://10.0.0.8/pb?lead=#leadid#\"}".formatted(north),
        "url: 10.0.0.8 is a private address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list");
    assertRefused("{\"affiliateId\":%d,\"url\":\"http://169.254.169.254/latest/meta-data\"}".formatted(north),
        "url: 169.254.169.254 is a link-local address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list");
    assertRefused("{\"affiliateId\":%d,\"url\":\"https://#s2#.aff.example/pb\"}".formatted(north),
        "url may have tokens in its path and query only");
    assertRefused("{\"affiliateId\":999,\"offerId\":998,\"url\":\"https://aff.example/pb\"}",
        "affiliateId 999 does not exist", "offerId 998 does not exist");

    JsonNode tokens = client.api("GET", "/api/postbacks/tokens", null).json();
    assertEquals(15, tokens.size(), tokens.toString());
    assertEquals("#tid#", tokens.get(0).get("token").asText());
    assertEquals("{transaction_id}", tokens.get(0).get("alias").asText());
    JsonNode saved = client.api("GET", "/api/postbacks/" + northPostback, null).json();
    assertEquals(northServer.url(ALL_TOKENS), saved.get("url").asText());
    assertEquals("ACTIVE", saved.get("status").asText());
    assertTrue(client.api("GET", "/api/postbacks", null).json().size() >= 4);
  }

  private static void assertRefused(String body, String... reasons) {
    TrackerClient.Answer answer = client.api("POST", "/api/postbacks", body);
    assertEquals(400, answer.status(), answer.body());
    for (String reason : reasons) {
      assertTrue(answer.body().contains(reason), "'" + reason + "' is not in " + answer.body());
    }
  }

  @Test
  void aLinearConversionCallsEachAffiliateOnceWithEveryTokenAndShowsInTheReports() throws Exception {
    long creative = fixture.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(offer));
    // clicks for South too, as many as the edge needed to learn of the creative
    long southProbes = fixture.awaitRedirect("/?a=%d&c=%d".formatted(south, creative),
        l -> l.startsWith("https://shop.example.com/lp")).clicks();
    String northClick = click("/?a=%d&c=%d&s1=news%%20feed&s2=a%%26b&s3=%%C3%%A9t%%C3%%A9&s4=x%%2By&s5=last&udid=device-1"
        .formatted(north, creative), null);
    String southClick = click("/?a=%d&c=%d".formatted(south, creative), visitorCookie);
    awaitClicks(north, 1);
    awaitClicks(south, southProbes + 1);
    var converted = client.edge("/p.ashx?o=%d&r=%s&t=%s&e=sale&p=10".formatted(offer, southClick,
        URLEncoder.encode("order 1/é", StandardCharsets.UTF_8)));
    assertEquals(200, converted.status(), converted.body());

    await().atMost(WITHIN).until(() -> northServer.queries().size() == 1 && southServer.queries().size() == 1);
    JsonNode conversion = rows("/api/reports/conversions?" + range(), found -> found.size() == 1
        && found.get(0).get("postbacks").size() == 2
        && allDelivered(found.get(0).get("postbacks"))).get(0);
    String conversionId = conversion.get("conversionId").asText();
    long seconds = Instant.parse(conversion.get("time").asText()).getEpochSecond();
    assertEquals("t=order%201%2F%C3%A9&click=" + northClick + "&lead=" + conversionId + "&price=1.5&o=" + offer
        + "&a=" + north + "&c=" + northCampaign + "&s1=news%20feed&s2=a%26b&s3=%C3%A9t%C3%A9&s4=x%2By&s5=last"
        + "&udid=device-1&e=sale&ts=" + seconds, northServer.queries().get(0));
    assertEquals("lead=" + conversionId + "&amount=1&api_key=k-123", southServer.queries().get(0),
        "South's own share of the payout (the offer's 2, half of it)");

    List<JsonNode> calls = rows("/api/reports/postbacks?" + range() + "&affiliateId=" + south,
        found -> found.size() == 1);
    assertEquals("DELIVERED", calls.get(0).get("status").asText());
    assertEquals(1, calls.get(0).get("attempts").asInt());
    assertEquals(200, calls.get(0).get("lastHttpStatus").asInt());
    assertEquals(southServer.url("/postback?lead=" + conversionId + "&amount=1&api_key=***"),
        calls.get(0).get("url").asText(), "as sent, the key masked");
    assertTrue(calls.get(0).get("lastAttemptAt").asText().startsWith("20"), calls.toString());
    assertEquals(2, rows("/api/reports/postbacks?" + range() + "&status=DELIVERED", found -> true).size());
    assertEquals(0, rows("/api/reports/postbacks?" + range() + "&status=FAILED", found -> true).size());
    await("no second call").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> northServer.queries().size() == 1 && southServer.queries().size() == 1);

    String metrics = client.api("GET", "/metrics", null).body();
    assertTrue(metrics.contains("postback_calls_total{outcome=\"delivered\"} 2.0"), metrics);
    assertTrue(metrics.contains("postback_pending_calls 0.0"), metrics);
    assertTrue(metrics.contains("postback_delivery_latency_seconds_count 2"), metrics);
  }

  @Test
  void aTestCallGoesToTheAffiliatesServerNowAndShowsItsAnswer() {
    long tester = fixture.created("/api/affiliates", "{\"name\":\"Tester\"}");
    try (AffiliateServer server = new AffiliateServer()) {
      long postback = fixture.created("/api/postbacks",
          "{\"affiliateId\":%d,\"url\":\"%s\"}".formatted(tester, server.url(ALL_TOKENS)));
      TrackerClient.Answer answer = client.api("POST", "/api/postbacks/" + postback + "/test", null);
      assertEquals(200, answer.status(), answer.body());
      JsonNode result = answer.json();
      assertTrue(result.get("delivered").asBoolean(), result.toString());
      assertEquals(200, result.get("httpStatus").asInt());
      assertEquals(AffiliateServer.ANSWER, result.get("bodyExcerpt").asText());
      assertEquals(1, server.queries().size(), "made before the answer");
      assertTrue(server.queries().get(0).startsWith("t=test-transaction&click=test-click&lead=test-"),
          server.queries().toString());
    }
    assertEquals(404, client.api("POST", "/api/postbacks/9999/test", null).status());
  }

  private static String visitorCookie;

  /** A consumer's click (with the visitor's cookie when given); returns its click id and keeps the visitor. */
  private static String click(String pathAndQuery, String visitor) {
    List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", "203.0.113.9", "User-Agent", BROWSER));
    if (visitor != null) {
      headers.addAll(List.of("Cookie", "tv=" + visitor));
    }
    TrackerClient.Answer answer = client.edge(pathAndQuery, headers.toArray(String[]::new));
    assertEquals(302, answer.status(), answer.body());
    if (visitor == null) {
      visitorCookie = CaptureSurfaceEndToEndTest.cookieValue(answer.response(), "tv");
    }
    String location = answer.response().headers().firstValue("Location").orElseThrow();
    return location.substring(location.indexOf("click=") + "click=".length());
  }

  private static void awaitClicks(long affiliate, long total) {
    new ReportWatcher(client).awaitTotalClicks(affiliate, total, WITHIN);
  }

  private static boolean allDelivered(JsonNode calls) {
    for (JsonNode call : calls) {
      if (!call.get("status").asText().equals("DELIVERED")) {
        return false;
      }
    }
    return true;
  }

  private static String range() {
    Instant now = Instant.now();
    return "from=" + URLEncoder.encode(now.minus(Duration.ofHours(1)).toString(), StandardCharsets.UTF_8) + "&to="
        + URLEncoder.encode(now.plus(Duration.ofHours(1)).toString(), StandardCharsets.UTF_8);
  }

  /** The rows of a report once it answers 200 and they satisfy the condition. */
  private static List<JsonNode> rows(String path, Predicate<List<JsonNode>> condition) {
    return new ReportWatcher(client).awaitRows(path, condition, WITHIN);
  }

}
