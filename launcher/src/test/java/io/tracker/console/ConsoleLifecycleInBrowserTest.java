package io.tracker.console;

import static io.tracker.launcher.ReportWatcher.aroundNow;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The conversion's lifecycle and the affiliate's own access in a real browser: the manager adds an offer's event,
 * makes an affiliate key (shown once), approves a held conversion and rejects the rest in bulk; the affiliate signs
 * in with its key and finds only its own pages, reports without revenue, and its link generator; a revoked key
 * sends it back to sign in. The steps build on each other, so they run in order.
 */
class ConsoleLifecycleInBrowserTest extends BrowserWalk {
  private static final Duration APPLIED_WITHIN = Duration.ofSeconds(20);

  private long affiliateId;
  private long offerId;
  private String link;
  private String postbackKey;
  private String affiliateKey;

  @BeforeAll
  void makeACatalogToReview() throws IOException {
    JsonNode advertiser = json(site.create("/api/advertisers", "{\"name\":\"Acme Ads\"}"));
    postbackKey = advertiser.get("postbackKey").asText();
    affiliateId = json(site.create("/api/affiliates", "{\"name\":\"Blue Media\"}")).get("id").asLong();
    offerId = json(site.create("/api/offers", """
        {"advertiserId": %d, "name": "Review Offer", "landingPageUrl": "https://shop.example.com/lp?click={click_id}",
         "payout": 2, "revenue": 5, "conversionApproval": "MANUAL"}""".formatted(advertiser.get("id").asLong())))
        .get("id").asLong();
    site.create("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(affiliateId, offerId));
    long creative = json(site.create("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(offerId)))
        .get("id").asLong();
    link = site.edgeUrl + "/?a=" + affiliateId + "&c=" + creative;
  }

  @Test
  @Order(1)
  void managerAddsAnEventToAnOffer() throws IOException {
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    createThroughForm("Events", "event", () -> {
      browser.choose("Offer", "Review Offer");
      browser.fill("Code (e on the pixel)", "sale");
      browser.fill("Name", "Sale");
      browser.fill("Payout (to the affiliate)", "3");
      browser.fill("Revenue (from the advertiser)", "9");
    });
    browser.findText("table[data-table=events]", "sale");
    browser.screenshot("events");
    assertTrue(site.api("/api/events").body().contains("\"code\":\"sale\""));
  }

  @Test
  @Order(2)
  void managerMakesAnAffiliateKeyThatIsShownOnce() throws IOException {
    browser.followNav("Affiliates");
    browser.press("API keys of affiliate " + affiliateId);
    browser.heading("API keys of affiliate #" + affiliateId);
    browser.findText("table[data-table=keys]", "No keys yet.");
    browser.press("Create a key");
    affiliateKey = browser.find("textarea[data-snippet=new-key]").getAttribute("value");
    assertTrue(affiliateKey.startsWith("aff_") && affiliateKey.length() > 40, affiliateKey);
    browser.findText("table[data-table=keys]", "Active");
    browser.screenshot("affiliate-keys");
    browser.followNav("Affiliates");
    browser.press("API keys of affiliate " + affiliateId);
    browser.findText("table[data-table=keys]", "Never");
    assertEquals(0L, browser.script("return document.querySelectorAll('textarea[data-snippet=new-key]').length"),
        "shown once: not on the page again");
  }

  @Test
  @Order(3)
  void managerApprovesAHeldConversionAndRejectsTheOthersInBulk() throws IOException {
    HttpResponse<String> clicked = site.click(link);
    assertEquals(302, clicked.statusCode());
    String location = clicked.headers().firstValue("Location").orElseThrow();
    String clickId = location.substring(location.indexOf("click=") + "click=".length());
    for (String order : List.of("r-1", "r-2", "r-3")) {
      HttpResponse<String> converted = site.get(site.edgeUrl + "/p.ashx?o=%d&f=pb&r=%s&t=%s&e=sale&k=%s"
          .formatted(offerId, clickId, order, postbackKey));
      assertEquals(200, converted.statusCode(), converted.body());
    }
    String first = awaitConversion("r-1", "PENDING").get("conversionId").asText();
    awaitConversion("r-3", "PENDING");

    browser.followNav("Conversion review");
    browser.heading("Conversion review");
    browser.findText("[data-rows=review]", "r-3");
    browser.screenshot("conversion-review");
    browser.press("Approve conversion " + first);
    browser.findText(".notice-success", "Approved conversion " + first);
    awaitConversion("r-1", "APPROVED");

    browser.choose("Offer", "Review Offer");
    browser.press("Show");
    browser.choose("Set status", "Reject");
    browser.fill("Why", "test orders");
    browser.press("Change every conversion the filter matches");
    browser.findText(".notice-success", "Changed 2 conversions.");
    JsonNode rejected = awaitConversion("r-2", "REJECTED");
    assertEquals("test orders", rejected.get("adjustments").get(0).get("note").asText());
    awaitConversion("r-3", "REJECTED");
    awaitConversion("r-1", "APPROVED"); // the pending filter left the approved one alone
    browser.findText("[data-rows=review]", "No conversions match");
  }

  @Test
  @Order(4)
  void theAffiliateSignsInWithItsKeyAndSeesItsOwnPagesWithoutRevenue() throws IOException {
    browser.script("sessionStorage.clear()");
    signIn(affiliateKey, "Click report");
    assertEquals(List.of("Postbacks", "Generate Unique Link", "Clicks", "Conversions"), browser.script(
        "return [...document.querySelectorAll('#nav a')].filter((a) => a.offsetParent !== null)"
            + ".map((a) => a.textContent.trim())"), "nothing else in its navigation");
    browser.findText("[data-rows=clicks] tbody td[data-column=totalClicks]", "1");
    assertEquals(0L, browser.script("return document.querySelectorAll("
        + "'[data-rows=clicks] [data-column=revenue], [data-rows=clicks] [data-column=epc]').length"),
        "no revenue, no EPC");
    browser.findText("[data-rows=clicks] tbody td[data-column=payout]", "3"); // the approved sale's payout
    browser.screenshot("affiliate-click-report");

    assertTrue(generateLinkInTheWizard("Blue Media", "Review Offer", "Banner", "")
        .startsWith(site.edgeUrl + "/?a=" + affiliateId + "&c="));

    browser.open("#/offers");
    browser.heading("Click report"); // the manager's pages are not the affiliate's
  }

  @Test
  @Order(5)
  void aRevokedKeySendsTheAffiliateBackToSignIn() {
    browser.script("sessionStorage.clear()");
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    browser.open("#/affiliates/" + affiliateId + "/keys");
    browser.press("Revoke key 1");
    browser.findText("table[data-table=keys]", "Revoked");

    browser.script("sessionStorage.setItem('tracker.adminKey', arguments[0]);"
        + "sessionStorage.setItem('tracker.role', 'affiliate')", affiliateKey);
    browser.open("#/reports/conversions");
    browser.heading("Sign in to the tracker console");
    browser.findText(".notice-info", "sign in again");
  }

  /** The conversion with this transaction id once it has this status (attribution applies a change in moments). */
  private JsonNode awaitConversion(String transactionId, String status) {
    String path = "/api/reports/conversions?transactionId=" + transactionId + "&" + aroundNow();
    JsonNode[] found = new JsonNode[1];
    await(transactionId + " " + status).atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> {
      JsonNode rows = json(site.api(path)).path("rows");
      found[0] = rows.size() == 1 ? rows.get(0) : null;
      return found[0] != null && found[0].get("conversionStatus").asText().equals(status);
    });
    return found[0];
  }
}
