package io.tracker.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution over HTTP on the all-in-one tracker: clicks on two affiliates' links, conversions by pixel and by
 * postback (a repeated transaction id, a bot's click, a conversion without any click), then every figure of the
 * click report per affiliate, every row of the conversions report, and the model comparison, exactly.
 *
 * <p>One visitor clicks North's link, then South's (a repeat on the same offer), and converts for 10.00 by pixel:
 * LINEAR gives each click half, and each affiliate earns half its own payout (North 3.00 by its campaign, South
 * the offer's 2.00). A second visitor clicks South's link and converts by postback at the offer's 6.00. North
 * also has a click with no conversion and a bot's click.
 */
class AttributionEndToEndTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  /** A consumer's browser: Java's own user agent is a robot to click-streams. */
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0.0.0 Safari/537.36";

  @TempDir static Path data;
  static TrackerFixture fixture;
  static TrackerClient client;
  static String postbackKey;
  static long offer;
  static long north;
  static long south;
  static String range;

  @BeforeAll
  static void startTrackerWithCatalog() {
    // clicks come from distinct consumers behind a trusted proxy; a short grace decides the click-less conversion
    fixture = TrackerFixture.start(data, Map.of("edge.trustedProxies", "127.0.0.1", "attribution.grace", "2s"));
    client = fixture.client;
    JsonNode advertiser = client.created("/api/advertisers", "{\"name\":\"Acme Ads\"}");
    postbackKey = advertiser.get("postbackKey").asText();
    offer = fixture.created("/api/offers", """
        {"advertiserId": %d, "name": "Linear Offer", "landingPageUrl": "https://shop.example.com/lp?click={click_id}",
         "clickCookieDays": 30, "attributionModel": "LINEAR", "payout": 2, "revenue": 6}
        """.formatted(advertiser.get("id").asLong()));
    north = fixture.created("/api/affiliates", "{\"name\":\"North\"}");
    south = fixture.created("/api/affiliates", "{\"name\":\"South\"}");
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d,\"payout\":3}".formatted(north, offer));
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(south, offer));
    long creative = fixture.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(offer));
    // a probe affiliate's campaign, made last: once its link lands, the edge has the whole catalog
    long probe = fixture.created("/api/affiliates", "{\"name\":\"Probe\"}");
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(probe, offer));
    fixture.awaitRedirect("/?a=%d&c=%d".formatted(probe, creative), l -> l.startsWith("https://shop.example.com/lp"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    range = "from=" + encode(now.minus(Duration.ofHours(1))) + "&to=" + encode(now.plus(Duration.ofHours(2)));

    Clicked first = click(north, creative, null, "203.0.113.1", BROWSER);
    Clicked repeat = click(south, creative, first.visitor(), "203.0.113.1", BROWSER);
    Clicked second = click(south, creative, null, "203.0.113.2", BROWSER);
    click(north, creative, null, "203.0.113.3", BROWSER);
    Clicked bot = click(north, creative, null, "203.0.113.4", GOOGLEBOT);
    // every click is processed (unique, repeat, bot) before the conversions come
    awaitClickRow(north, row -> row.get("totalClicks").asLong() == 3 && row.get("clicks").asLong() == 2);
    awaitClickRow(south, row -> row.get("totalClicks").asLong() == 2 && row.get("clicks").asLong() == 1);

    edgeOk("/p.ashx?o=%d&r=%s&p=10".formatted(offer, repeat.clickId()));
    String postback = "/p.ashx?o=%d&f=pb&r=%s&t=order-1&k=%s".formatted(offer, second.clickId(), postbackKey);
    edgeOk(postback);
    edgeOk(postback); // the advertiser's server sends it again: the same transaction id
    edgeOk("/p.ashx?o=%d&r=%s&t=bot-order".formatted(offer, bot.clickId()));
    edgeOk("/p.ashx?o=%d&t=lost-order".formatted(offer));
  }

  @AfterAll
  static void stopTracker() {
    if (fixture != null) {
      fixture.close();
    }
  }

  record Clicked(String clickId, String visitor) {}

  /** One click on an affiliate's link as a consumer's browser makes it; returns its click id and visitor. */
  static Clicked click(long affiliate, long creative, String visitor, String ip, String userAgent) {
    List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", ip, "User-Agent", userAgent));
    if (visitor != null) {
      headers.addAll(List.of("Cookie", "tv=" + visitor));
    }
    var answer = client.edge("/?a=%d&c=%d".formatted(affiliate, creative), headers.toArray(String[]::new));
    assertEquals(302, answer.status(), answer.body());
    String location = answer.response().headers().firstValue("Location").orElseThrow();
    String setVisitor = CaptureSurfaceEndToEndTest.cookieValue(answer.response(), "tv");
    return new Clicked(location.substring(location.indexOf("click=") + "click=".length()), setVisitor);
  }

  static void edgeOk(String pathAndQuery) {
    var answer = client.edge(pathAndQuery);
    assertEquals(200, answer.status(), pathAndQuery + " -> " + answer.body());
  }

  static String encode(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }

  static JsonNode awaitClickRow(long affiliate, Predicate<JsonNode> condition) {
    return new ReportWatcher(client).awaitRow("groupBy=affiliate&affiliateId=" + affiliate, condition, WITHIN);
  }

  /** The rows of an attribution report once it answers (503 while partitions are assigned) and the rows fit. */
  static JsonNode awaitRows(String path, Predicate<JsonNode> condition) {
    AtomicReference<TrackerClient.Answer> last = new AtomicReference<>();
    try {
      await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
        last.set(client.api("GET", path, null));
        return last.get().status() == 200 && condition.test(last.get().json().get("rows"));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(path + " never matched; last answer: " + last.get().status() + " " + last.get().body(),
          e);
    }
    return last.get().json().get("rows");
  }

  static void assertAmount(String expected, JsonNode actual, String what) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), what + " was " + actual);
  }

  static void assertFigures(JsonNode row, String... expected) {
    List<String> names = List.of("clicks", "totalClicks", "conversions", "revenue", "payout", "conversionRate", "epc");
    for (int i = 0; i < names.size(); i++) {
      assertAmount(expected[i], row.get(names.get(i)), names.get(i) + " of " + row);
    }
  }

  static JsonNode only(JsonNode rows, Predicate<JsonNode> which) {
    List<JsonNode> found = new ArrayList<>();
    rows.forEach(row -> {
      if (which.test(row)) {
        found.add(row);
      }
    });
    assertEquals(1, found.size(), rows.toString());
    return found.get(0);
  }

  @Test
  void theClickReportCountsEachAffiliatesShareOfEveryConversion() {
    //                                      clicks total conversions revenue payout rate  epc
    assertFigures(awaitClickRow(north, row -> row.get("conversions").asDouble() == 0.5),
        "2", "3", "0.5", "5", "1.5", "0.25", "2.5");
    assertFigures(awaitClickRow(south, row -> row.get("conversions").asDouble() == 1.5),
        "1", "2", "1.5", "11", "3", "1.5", "11");
  }

  @Test
  void theConversionsReportHasOneRowPerConversionWithItsDecision() {
    JsonNode rows = awaitRows("/api/reports/conversions?" + range, found -> found.size() == 5);

    JsonNode byPixel = only(rows, row -> row.get("kind").asText().equals("PIXEL_IMAGE")
        && row.get("status").asText().equals("ATTRIBUTED"));
    assertEquals("LINEAR", byPixel.get("model").asText());
    assertAmount("10", byPixel.get("revenue"), "revenue");
    assertAmount("2.5", byPixel.get("payout"), "payout");
    JsonNode credits = byPixel.get("credits");
    assertEquals(2, credits.size(), credits.toString());
    assertEquals(north, credits.get(0).get("affiliateId").asLong(), "the older click first");
    assertEquals(0.5, credits.get(0).get("weight").asDouble());
    assertAmount("5", credits.get(0).get("revenue"), "North's revenue");
    assertAmount("1.5", credits.get(0).get("payout"), "North's payout");
    assertEquals(south, credits.get(1).get("affiliateId").asLong());
    assertAmount("5", credits.get(1).get("revenue"), "South's revenue");
    assertAmount("1", credits.get(1).get("payout"), "South's payout");

    JsonNode counted = only(rows, row -> row.get("transactionId").asText().equals("order-1")
        && row.get("status").asText().equals("ATTRIBUTED"));
    assertEquals("POSTBACK", counted.get("kind").asText());
    assertAmount("6", counted.get("revenue"), "the offer's revenue");
    assertAmount("2", counted.get("payout"), "South's payout");
    JsonNode repeated = only(rows, row -> row.get("status").asText().equals("DUPLICATE"));
    assertEquals("order-1", repeated.get("transactionId").asText());
    assertTrue(repeated.get("note").asText().startsWith("transaction id 'order-1' was already counted for offer "
        + offer + " by conversion " + counted.get("conversionId").asText()), repeated.get("note").asText());
    assertEquals(0, repeated.get("credits").size());

    JsonNode byBot = only(rows, row -> row.get("transactionId").asText().equals("bot-order"));
    assertEquals("UNATTRIBUTED", byBot.get("status").asText());
    assertTrue(byBot.get("excluded").get(0).get("reason").asText().startsWith("bot"), byBot.toString());
    JsonNode clickless = only(rows, row -> row.get("transactionId").asText().equals("lost-order"));
    assertEquals("UNATTRIBUTED", clickless.get("status").asText());
    assertTrue(clickless.get("note").asText().startsWith("no click of visitor "), clickless.toString());

    assertEquals(1, awaitRows("/api/reports/conversions?" + range + "&affiliateId=" + north, found -> true).size(),
        "North has a share of one conversion");
    assertEquals(2, awaitRows("/api/reports/conversions?" + range + "&affiliateId=" + south, found -> true).size());
    assertEquals(2, awaitRows("/api/reports/conversions?" + range + "&status=unattributed", found -> true).size());

    var csv = client.raw(client.apiBase() + "/api/reports/conversions?" + range,
        "Authorization", "Bearer " + TrackerFixture.KEY, "Accept", "text/csv");
    assertEquals(200, csv.status(), csv.body());
    String[] lines = csv.body().split("\n");
    assertTrue(lines[0].startsWith("conversionId,time,offerId,"), lines[0]);
    assertEquals(6, lines.length, csv.body());
  }

  @Test
  void theComparisonCreditsThePastConversionsUnderEachModelSideBySide() {
    JsonNode rows = awaitRows("/api/reports/attribution-compare?offerId=" + offer + "&" + range
        + "&models=FIRST_TOUCH,LAST_TOUCH,LINEAR", found -> found.size() == 2 && recordedConversions(found) == 2);
    JsonNode northRow = only(rows, row -> row.get("affiliateId").asLong() == north);
    JsonNode southRow = only(rows, row -> row.get("affiliateId").asLong() == south);
    // recorded = LINEAR; first touch gives the pixel's 10.00 to North's click, last touch to South's
    assertModel(northRow.get("recorded"), "0.5", "5", "1.5");
    assertModel(southRow.get("recorded"), "1.5", "11", "3");
    assertModel(northRow.get("FIRST_TOUCH"), "1", "10", "3");
    assertModel(southRow.get("FIRST_TOUCH"), "1", "6", "2");
    assertModel(northRow.get("LAST_TOUCH"), "0", "0", "0");
    assertModel(southRow.get("LAST_TOUCH"), "2", "16", "4");
    assertModel(northRow.get("LINEAR"), "0.5", "5", "1.5");
    assertModel(southRow.get("LINEAR"), "1.5", "11", "3");
  }

  static double recordedConversions(JsonNode rows) {
    double sum = 0;
    for (JsonNode row : rows) {
      sum += row.get("recorded").get("conversions").asDouble();
    }
    return sum;
  }

  static void assertModel(JsonNode figures, String conversions, String revenue, String payout) {
    assertAmount(conversions, figures.get("conversions"), "conversions in " + figures);
    assertAmount(revenue, figures.get("revenue"), "revenue in " + figures);
    assertAmount(payout, figures.get("payout"), "payout in " + figures);
  }
}
