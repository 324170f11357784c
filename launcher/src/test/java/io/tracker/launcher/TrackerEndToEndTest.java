package io.tracker.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.schemas.ClickId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one tracker, started once for the class on a real in-process broker, walked over HTTP as a new
 * user would: build a catalog, ask for a link, follow it, see the click in the report; then the fallback
 * chain, bad input, and a restart on the same data folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackerEndToEndTest {
  @TempDir static Path data;
  private static TrackerFixture fixture;
  private static TrackerClient client;

  // the catalog built by the first test
  private static long affiliate;
  private static long offer;
  private static long campaign;
  private static long creative;
  /** Every request the tests send to the edge for that affiliate: each one is a click to count. */
  private static long affiliateClicks;

  @BeforeAll
  static void startTracker() {
    fixture = TrackerFixture.start(data, Map.of());
    client = fixture.client;
  }

  @AfterAll
  static void stopTracker() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void aClickOnAUniqueLinkRedirectsWithFilledTokensAndShowsInTheReport() {
    long advertiser = client.created("/api/advertisers", "{\"name\":\"Acme Ads\"}").get("id").asLong();
    affiliate = client.created("/api/affiliates", "{\"name\":\"Blue Media\"}").get("id").asLong();
    JsonNode offerJson = client.created("/api/offers", """
        {"advertiserId": %d, "name": "Summer Sale",
         "landingPageUrl": "https://shop.example.com/lp?aff=#affid#&o={offer_id}&camp=#campid#&cr={creative_id}&a=#s1#&b={sub2}&c=#s3#&d={sub4}&e=#s5#&click=#reqid#&dev={udid}",
         "clickCookieDays": 7, "attributionModel": "LAST_TOUCH", "payout": 2.5, "revenue": 4.0, "status": "ACTIVE"}
        """.formatted(advertiser));
    offer = offerJson.get("id").asLong();
    assertEquals("LAST_TOUCH", offerJson.get("attributionModel").asText());
    assertEquals(2.5, offerJson.get("payout").asDouble());
    campaign = client.created("/api/campaigns",
        "{\"affiliateId\":%d,\"offerId\":%d,\"status\":\"ACTIVE\"}".formatted(affiliate, offer)).get("id").asLong();
    creative = client.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(offer)).get("id").asLong();
    assertTrue(affiliate > 0 && offer > 0 && campaign > 0 && creative > 0);

    var link = client.api("POST", "/api/links", """
        {"affiliateId": %d, "creativeId": %d, "s1": "news letter", "s2": "a&b", "s3": "x", "s4": "y", "s5": "z"}
        """.formatted(affiliate, creative));
    assertEquals(200, link.status(), link.body());
    String url = link.json().get("url").asText();
    assertTrue(url.startsWith("http://127.0.0.1:"), url);

    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    var click = client.raw(url + "&udid=dev%2F1", "User-Agent", "Mozilla/5.0 (end-to-end test)");
    affiliateClicks++;
    assertEquals(302, click.status(), click.body());
    String location = click.response().headers().firstValue("Location").orElseThrow();
    String prefix = "https://shop.example.com/lp?aff=%d&o=%d&camp=%d&cr=%d&a=news%%20letter&b=a%%26b&c=x&d=y&e=z&click="
        .formatted(affiliate, offer, campaign, creative);
    assertTrue(location.startsWith(prefix), location);
    assertTrue(location.endsWith("&dev=dev%2F1"), location);
    String clickId = location.substring(prefix.length(), location.indexOf("&dev="));
    ClickId.Parts parts = ClickId.parse(clickId).orElseThrow(() -> new AssertionError("not a click id: " + clickId));
    assertTrue(!Instant.ofEpochMilli(parts.timeMillis()).isBefore(before)
        && !Instant.ofEpochMilli(parts.timeMillis()).isAfter(Instant.now()), "the click id carries its creation time");

    List<String> cookies = click.response().headers().allValues("Set-Cookie");
    assertTrue(cookies.stream().anyMatch(c -> c.startsWith("tv=" + parts.visitorId())), cookies.toString());
    assertTrue(cookies.stream().anyMatch(c -> c.startsWith("tc_" + offer + "=" + clickId)
        && c.contains("Max-Age=" + 7 * 86_400) && c.contains("HttpOnly")), cookies.toString());

    JsonNode row = fixture.awaitReportRow("groupBy=affiliate,offer,campaign,creative&affiliateId=" + affiliate, 1);
    assertEquals(affiliate, row.get("affiliateId").asLong());
    assertEquals(offer, row.get("offerId").asLong());
    assertEquals(campaign, row.get("campaignId").asLong());
    assertEquals(creative, row.get("creativeId").asLong());
  }

  @Test
  @Order(2)
  void unknownAffiliateOrCreativeFollowsTheFallbackChain() {
    // no global redirect yet: an unknown creative ends in a plain 404 page, and the click is still recorded
    var unknownCreative = client.edge("/?a=%d&c=999999".formatted(affiliate));
    affiliateClicks++;
    assertEquals(404, unknownCreative.status());
    assertTrue(unknownCreative.body().contains("Not found"));

    // a catalog change is live at the edge within 1 s
    assertEquals(200, client.api("PUT", "/api/settings", "{\"globalRedirectUrl\":\"https://network.example.com/?r=#reqid#\"}").status());
    TrackerFixture.Followed followed = fixture.awaitRedirect("/?a=%d&c=999999".formatted(affiliate),
        location -> location.startsWith("https://network.example.com/"));
    affiliateClicks += followed.clicks();
    String toGlobal = followed.location();
    assertTrue(toGlobal.matches("https://network\\.example\\.com/\\?r=[A-Za-z0-9_-]{24}"), toGlobal);

    // an unknown affiliate on a known creative: the offer's redirect comes before the global one
    assertEquals(200, client.api("PUT", "/api/offers/" + offer,
        "{\"redirectUrl\":\"https://shop.example.com/elsewhere\"}").status());
    fixture.awaitRedirect("/?a=424242&c=" + creative, "https://shop.example.com/elsewhere"::equals);

    // every click counts, under the affiliate the link named, whatever its disposition
    fixture.awaitReportRow("groupBy=affiliate&affiliateId=424242", row -> row.get("totalClicks").asLong() >= 1);
  }

  @Test
  @Order(3)
  void malformedInputGetsA4xxAndNever5xx() {
    String tooLong = "x".repeat(300);
    for (String query : List.of("/", "/?c=1", "/?a=1", "/?a=abc&c=1", "/?a=1&c=-1", "/?a=1&a=2&c=1",
        "/?a=99999999999999999999&c=1", "/?a=1&c=1&s1=" + tooLong, "/?a=1&c=1&test=maybe", "/?a=&c=")) {
      var answer = client.edge(query);
      assertEquals(400, answer.status(), query + " -> " + answer.body());
      assertTrue(answer.body().startsWith("Bad link: "), answer.body());
    }
    assertEquals(404, client.edge("/wp-admin").status());

    var noKey = client.raw(client.apiBase() + "/api/offers");
    assertEquals(401, noKey.status());
    var badOffer = client.api("POST", "/api/offers", "{\"advertiserId\": 999, \"name\": \"\", \"landingPageUrl\": \"javascript:alert(1)\", \"payout\": -1}");
    assertEquals(400, badOffer.status(), badOffer.body());
    for (String field : List.of("advertiserId", "name", "landingPageUrl", "payout")) {
      assertTrue(badOffer.body().contains(field), "every problem is named: " + badOffer.body());
    }
    assertEquals(400, client.api("POST", "/api/affiliates", "{not json").status());
    assertEquals(400, client.api("POST", "/api/offers", "{\"attributionModel\":\"BEST\"}").status());
    assertEquals(404, client.api("GET", "/api/offers/77777", null).status());
    assertEquals(400, client.api("GET", "/api/reports/clicks?from=yesterday", null).status());
    assertEquals(400, client.api("POST", "/api/links", "{\"affiliateId\": 424242, \"creativeId\": " + creative + "}").status());
  }

  @Test
  @Order(4)
  void catalogAndCountsSurviveARestartOnTheSameDataFolder() {
    long clicksBefore = affiliateClicks;
    fixture.awaitReportRow("groupBy=affiliate&affiliateId=" + affiliate, clicksBefore);
    fixture.restart();

    var offerAfter = client.api("GET", "/api/offers/" + offer, null);
    assertEquals(200, offerAfter.status());
    assertEquals("Summer Sale", offerAfter.json().get("name").asText());
    fixture.awaitReportRow("groupBy=affiliate&affiliateId=" + affiliate, clicksBefore);

    // and the restarted edge knows the catalog: a new click lands on the landing page and is counted
    var again = client.edge("/?a=%d&c=%d".formatted(affiliate, creative));
    assertEquals(302, again.status());
    assertTrue(again.response().headers().firstValue("Location").orElseThrow().startsWith("https://shop.example.com/lp?"));
    fixture.awaitReportRow("groupBy=affiliate&affiliateId=" + affiliate, clicksBefore + 1);
  }
}
