package io.tracker.console;

import static io.tracker.launcher.ReportWatcher.aroundNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.tracker.launcher.AffiliateServer;
import io.tracker.platform.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The console in a real browser against a real tracker, walked as an affiliate manager would: sign in, set up
 * an offer, generate a link, watch its click arrive in the live report, generate the postback and see the
 * conversion. The later steps build on the walk's offer and click, so the methods run in order.
 */
class ConsoleInBrowserTest extends BrowserWalk {
  /** The chart polls every 2 s and the report store is fresh within a second or two. */
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(20);
  private static final Duration ATTRIBUTED_WITHIN = Duration.ofSeconds(15);
  private static final Pattern CLICK_ID = Pattern.compile("[?&]click=([A-Za-z0-9_-]+)");
  private static final String REVENUE = "4";

  /** What the walk made, for the steps after it. */
  private long offerId;
  private String clickId;
  private String link;

  @Test
  @Order(1)
  void managerSetsUpAnOfferGeneratesALinkAndWatchesItsClickArriveLive() throws IOException {
    browser.open("");
    browser.heading("Sign in to the tracker console");
    browser.screenshot("login");
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    createAdvertiserAffiliateAndOffer();
    addCreativeAndCampaignOnTheOfferCard();
    link = generateTheLinkInTheWizard();
    watchTheLinksClickArriveInTheChart(link);

    browser.press("Download CSV");
    Path csv = browser.waitUntil("the CSV download", LIVE_WITHIN, () -> downloaded(".csv"));
    assertContains(Files.readString(csv).lines().findFirst().orElseThrow(), "affiliateId", "offerId", "clicks", "epc");
  }

  private void createAdvertiserAffiliateAndOffer() {
    createThroughForm("Advertisers", "advertiser", () -> browser.fill("Name", "Acme Ads"));
    browser.findText("table[data-table=advertisers]", "Acme Ads");
    createThroughForm("Affiliates", "affiliate", () -> browser.fill("Name", "Blue Media"));
    browser.findText("table[data-table=affiliates]", "Blue Media");
    createThroughForm("Offers", "offer", () -> {
      browser.fill("Name", "Summer Sale");
      browser.choose("Advertiser", "Acme Ads");
      browser.fill("Landing page URL", "https://shop.example.com/land?click={click_id}&aff=#affid#&sub=#s1#");
      browser.fill("Click cookie days", "7");
      browser.choose("Attribution model", "Last touch");
      browser.fill("Payout (to the affiliate)", "2.5");
      browser.fill("Revenue (from the advertiser)", REVENUE);
    });
    Matcher card = Pattern.compile("Offer #(\\d+): Summer Sale").matcher(browser.findText("main h1", "Summer Sale").getText());
    assertTrue(card.matches(), "the offer card opens after creating the offer");
    offerId = Long.parseLong(card.group(1));
  }

  private void addCreativeAndCampaignOnTheOfferCard() throws IOException {
    browser.press("Creatives");
    browser.fill("Name", "Banner 300x250");
    browser.press("Create creative");
    browser.findText(".notice-success", "Created creative");
    browser.press("Campaigns");
    browser.choose("Affiliate", "Blue Media");
    browser.press("Create campaign");
    browser.findText("table[data-table=campaigns]", "Blue Media");
    browser.followNav("Offers");
    browser.findText("table[data-table=offers]", "Summer Sale");
    browser.screenshot("offers");
    browser.open("#/offers/" + offerId + "/campaigns");
    browser.findText("table[data-table=campaigns]", "Blue Media");
    browser.screenshot("offer-card");
  }

  /** From a campaign row (affiliate and campaign chosen), then from the navigation step by step. */
  private String generateTheLinkInTheWizard() throws IOException {
    browser.press("Generate link");
    browser.heading("Generate Unique Link");
    browser.findText(".steps [aria-current=step]", "Creative and sub ids");
    String link = generateLinkInTheWizard("Blue Media", "Summer Sale", "Banner 300x250", "news");
    assertTrue(link.startsWith(site.edgeUrl + "/?a=") && link.contains("&s1=news"), link);
    browser.press("Copy");
    browser.findText(".copy-status", "Copied");
    browser.screenshot("link-wizard");
    return link;
  }

  /** The click report stays open while a consumer follows the link; the chart must show the click by itself. */
  private void watchTheLinksClickArriveInTheChart(String link) throws IOException {
    browser.followNav("Clicks");
    browser.heading("Click report");
    awaitInPage("the empty chart", "document.querySelector('[data-chart=clicks] figure')?.dataset.clicks === '0'");
    browser.script("window.stillTheSamePage = true");

    HttpResponse<String> redirect = site.click(link);
    assertEquals(302, redirect.statusCode());
    String landing = redirect.headers().firstValue("Location").orElseThrow();
    Matcher id = CLICK_ID.matcher(landing);
    assertTrue(landing.startsWith("https://shop.example.com/land?click=") && landing.contains("&sub=news") && id.find(), landing);
    clickId = id.group(1);

    awaitInPage("the click in the chart", "document.querySelector('[data-chart=clicks] figure')?.dataset.clicks === '1'"
        + " && document.querySelector('[data-chart=clicks] figure')?.dataset.totalClicks === '1'");
    assertEquals(true, browser.script("return window.stillTheSamePage"), "the chart updated without a reload");
    browser.findText("[data-rows=clicks] tbody td[data-column=clicks]", "1");
    browser.scrollTo("section:has([data-chart=clicks])");
    browser.screenshot("click-report");
  }

  @Test
  @Order(2)
  void pixelGeneratorsGiveTagsAndAPostbackThatCountsTheConversion() throws IOException {
    assertWalked();
    browser.followNav("Pixels and postbacks");
    browser.heading("Pixels and postbacks");
    browser.choose("Affiliate", "Blue Media");
    browser.choose("Creative", "Banner 300x250");
    browser.pressWithin("[data-generator=click-pixel]", "Generate");
    assertContains(browser.find("textarea[data-snippet=click-pixel-img]").getAttribute("value"), "/pixel/click.gif?a=");
    assertContains(browser.find("textarea[data-snippet=click-pixel-js]").getAttribute("value"), "/pixel/click.js?a=");
    browser.choose("Offer", "Summer Sale");
    browser.pressWithin("[data-generator=conversion-pixel]", "Generate");
    String postback = browser.find("textarea[data-snippet=conversion-pixel-postback]").getAttribute("value");
    assertContains(browser.find("textarea[data-snippet=conversion-pixel-img]").getAttribute("value"), "/p.ashx?o=" + offerId);
    assertContains(postback, site.edgeUrl + "/p.ashx?o=" + offerId, "r={click_id}", "&k=");
    browser.screenshot("pixels");

    HttpResponse<String> fired = site.get(postback.replace("{click_id}", clickId)
        .replace("{transaction_id}", "order-1").replace("{amount}", REVENUE));
    assertEquals(200, fired.statusCode(), fired.body());
    assertContains(fired.body(), "accepted");
  }

  @Test
  @Order(3)
  void conversionAndEpcShowInTheClickReport() throws IOException {
    assertWalked();
    awaitApi("the API's click report counts the conversion", () -> {
      HttpResponse<String> report = site.api("/api/reports/clicks?groupBy=offer&offerId=" + offerId + "&" + aroundNow());
      return report.statusCode() == 200 && !report.body().contains("\"conversions\":0");
    });
    browser.open("#/reports/clicks?range=24h&groupBy=offer&offerId=" + offerId);
    browser.heading("Click report");
    awaitInPage("the conversion in the chart", "document.querySelector('[data-chart=clicks] figure')?.dataset.conversions === '1'");
    browser.findText("[data-rows=clicks] tbody td[data-column=conversions]", "1");
    browser.findText("[data-rows=clicks] tbody td[data-column=epc]", "4.00");
    browser.findText("[data-rows=clicks] tbody td[data-column=revenue]", "4.00");
    browser.scrollTo("section:has([data-chart=clicks])");
    browser.screenshot("click-report");
  }

  @Test
  @Order(4)
  void conversionReportShowsTheConversionWithItsDecision() throws IOException {
    assertWalked();
    String path = "/api/reports/conversions?offerId=" + offerId + "&" + aroundNow();
    awaitApi("GET " + path + " lists the conversion", () -> {
      HttpResponse<String> report = site.api(path);
      return report.statusCode() == 200 && report.body().contains(clickId);
    });
    browser.followNav("Conversions");
    browser.heading("Conversion report");
    browser.find("[data-rows=conversions] table, [data-rows=conversions] p, .notice");
    browser.scrollTo("section:has([data-chart=conversions])");
    browser.screenshot("conversion-report");
    browser.findText("[data-rows=conversions] tbody", clickId);
  }

  @Test
  @Order(5)
  void attributionCompareShowsEachModelPerAffiliate() throws IOException {
    assertWalked();
    String models = "FIRST_TOUCH,LAST_TOUCH,LINEAR,TIME_DECAY,U_SHAPED";
    String path = "/api/reports/attribution-compare?offerId=" + offerId + "&models=" + models + "&" + aroundNow();
    awaitApi("GET " + path + " answers", () -> site.api(path).statusCode() == 200);
    browser.followNav("Attribution models");
    browser.heading("Attribution model comparison");
    browser.choose("Offer", "Summer Sale");
    browser.press("Compare");
    browser.find("[data-compare] table, [data-compare] .notice, [data-compare] p.empty");
    browser.scrollTo("[data-compare]");
    browser.screenshot("attribution-compare");
    String modelColumns = browser.find("[data-compare] thead").getAttribute("textContent");
    assertContains(modelColumns, "First touch", "Last touch", "Linear", "Time decay", "U-shaped");
    browser.findText("[data-compare] tbody td[data-model=LAST_TOUCH][data-metric=conversions]", "1");
  }

  @Test
  @Order(6)
  void managerEditsAnOfferAndPausesAndActivatesFromTheLists() {
    assertWalked();
    browser.followNav("Offers");
    browser.press("Edit offer " + offerId);
    browser.findText("main h1", "Summer Sale");
    browser.fill("Payout (to the affiliate)", "3");
    browser.press("Save changes");
    browser.findText(".notice-success", "Settings saved.");
    assertEquals("3", browser.field("Payout (to the affiliate)").getAttribute("value"));

    browser.followNav("Creatives");
    browser.press("Pause creative " + creativeIdOf("Banner 300x250"));
    browser.findText("table[data-table=creatives] tbody", "Paused");
    browser.press("Activate creative " + creativeIdOf("Banner 300x250"));
    browser.findText("table[data-table=creatives] tbody", "Active");
  }

  @Test
  @Order(7)
  void managerAddsAPostbackWithTheTokenPickerTestsItAndSeesTheCallsOfAConversion() throws IOException {
    assertWalked();
    try (AffiliateServer server = new AffiliateServer()) {
      browser.followNav("Affiliates");
      browser.press("Postbacks of affiliate " + idOf("affiliates", "Blue Media"));
      browser.findText("main h1", "Postbacks of #");
      browser.findText("main h1", "Blue Media");

      browser.fill("Postback URL", server.url("/pb?x=#bogus#"));
      browser.press("Create postback");
      assertContains(browser.find("[data-form=postback] .form-summary .notice-error").getText(),
          "The tracker did not accept this:", "url has unknown tokens: #bogus#");

      browser.fill("Postback URL", server.url("/pb?lead="));
      browser.press("#leadid#");
      browser.field("Postback URL").sendKeys("&payout=");
      browser.press("#price#");
      assertEquals(server.url("/pb?lead=#leadid#&payout=#price#"), browser.field("Postback URL").getAttribute("value"),
          "each token went where the caret was");
      browser.choose("Offer", "Summer Sale");
      browser.press("Create postback");
      browser.findText(".notice-success", "Created postback #");
      String rows = "table[data-table=postbacks] tbody";
      browser.findText(rows, "lead=#leadid#&payout=#price#");
      String postback = browser.find(rows + " tr").getAttribute("data-id");

      browser.press("Send a test call for postback " + postback);
      String result = "[data-test-result='" + postback + "']";
      browser.findText(result, "Delivered: the server answered 200");
      assertContains(browser.find(result + " [data-excerpt]").getText(), AffiliateServer.ANSWER);
      browser.screenshot("postbacks");

      browser.press("Pause postback " + postback);
      browser.findText(rows, "Paused");
      browser.press("Activate postback " + postback);
      browser.findText(rows, "Active");
      browser.press("Edit postback " + postback);
      browser.findText("#postback-editor", "Edit postback #" + postback);
      browser.field("Postback URL").sendKeys("&src=console");
      browser.press("Save changes");
      browser.findText(".notice-success", "Saved postback #" + postback);
      browser.findText(rows, "&src=console");

      String converted = convertOnANewClick();
      await("the conversion's postback call").atMost(ATTRIBUTED_WITHIN).until(() -> server.queries().stream()
          .anyMatch(query -> query.equals("lead=" + converted + "&payout=3&src=console")));
      browser.followNav("Postback calls");
      browser.heading("Postback report");
      browser.findText("[data-rows=postbacks] tbody td[data-column=status]", "Delivered");
      browser.findText("[data-rows=postbacks] tbody td[data-column=url]", "lead=" + converted + "&payout=3&src=console");
      browser.screenshot("postback-report");
    }
  }

  /** A consumer follows the walk's link and the advertiser's server posts the conversion back; its conversion id. */
  private String convertOnANewClick() throws IOException {
    Matcher id = CLICK_ID.matcher(site.click(link).headers().firstValue("Location").orElseThrow());
    assertTrue(id.find());
    String key = Json.MAPPER.readTree(site.api("/api/advertisers").body()).get(0).get("postbackKey").asText();
    HttpResponse<String> fired = site.get(site.edgeUrl + "/p.ashx?o=" + offerId + "&f=pb&r=" + id.group(1) + "&k=" + key);
    assertEquals(200, fired.statusCode(), fired.body());
    String path = "/api/reports/conversions?offerId=" + offerId + "&" + aroundNow();
    awaitApi("the conversion of click " + id.group(1), () -> site.api(path).body().contains(id.group(1)));
    for (var row : Json.MAPPER.readTree(site.api(path).body()).get("rows")) {
      if (row.get("clickId").asText().equals(id.group(1))) {
        return row.get("conversionId").asText();
      }
    }
    throw new AssertionError("no conversion of click " + id.group(1));
  }

  @Test
  @Order(10)
  void formsSayWhatIsWrongBeforeSendingAndShowTheApisReasons() {
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    assertContains(refusedNewOffer(() -> {
      browser.fill("Landing page URL", "shop.example.com/no-scheme");
      browser.fill("Click cookie days", "0");
      browser.fill("Payout (to the affiliate)", "2.5.1");
    }), "Name is required.", "Landing page URL must be a full http:// or https:// address.",
        "Click cookie days must be a whole number from 1 to 3650.",
        "Payout (to the affiliate) must be an amount like 2.50");
    assertEquals(browser.field("Name").getAttribute("id"), browser.script("return document.activeElement.id"),
        "the first wrong field has the focus");
    assertNotNull(browser.field("Name").getAttribute("aria-invalid"));

    site.create("/api/affiliates", "{\"name\":\"Orange Leads\"}");
    browser.followNav("Pixels and postbacks");
    browser.choose("Affiliate", "Orange Leads");
    browser.choose("Creative", "Banner 300x250");
    browser.pressWithin("[data-generator=click-pixel]", "Generate");
    assertContains(browser.find("[data-generator=click-pixel] .notice-error").getText(),
        "The tracker did not accept this:", "has no campaign on offer");
  }

  @Test
  @Order(11)
  void aWrongKeyIsRefusedAndARefusedKeySendsTheManagerBackToSignIn() {
    browser.script("sessionStorage.clear()");
    browser.open("#/affiliates");
    browser.heading("Sign in to the tracker console");
    browser.fill("Admin or affiliate key", "not-the-key");
    browser.enterIn("Admin or affiliate key");
    browser.findText(".form-summary", "That key was not accepted.");
    signIn(ConsoleSite.ADMIN_KEY, "Offers");

    browser.script("sessionStorage.setItem('tracker.adminKey', 'a-key-that-was-rotated')");
    browser.followNav("Campaigns");
    browser.heading("Sign in to the tracker console");
    browser.findText(".notice-info", "sign in again");
    browser.fill("Admin or affiliate key", ConsoleSite.ADMIN_KEY);
    browser.enterIn("Admin or affiliate key");
    browser.heading("Campaigns");
  }

  @Test
  @Order(12)
  void keyboardUsersSkipToTheContentWithAVisibleFocus() {
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    browser.open("#/affiliates");
    browser.driver.navigate().refresh();
    browser.heading("Affiliates");
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("skip-link", browser.script("return document.activeElement.id"));
    assertEquals("solid", browser.script("return getComputedStyle(document.activeElement).outlineStyle"), "a visible focus");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertEquals("H1 Affiliates", browser.script("return document.activeElement.tagName + ' ' + document.activeElement.textContent"));
  }

  @Test
  @Order(13)
  void onANarrowScreenTheNavigationFoldsBehindTheMenuButton() {
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    browser.viewport(390, 844);
    try {
      browser.open("#/offers");
      browser.heading("Offers");
      assertFalse(browser.driver.findElement(By.id("nav")).isDisplayed(), "the navigation is folded");
      browser.driver.findElement(By.id("menu-toggle")).click();
      browser.followNav("Clicks");
      browser.heading("Click report");
      assertFalse(browser.driver.findElement(By.id("nav")).isDisplayed(), "the navigation folds again after a choice");
    } finally {
      browser.viewport(1280, 800);
    }
  }

  @Test
  @Order(14)
  void managerCapsAndTargetsTheOfferThenSeesTheCapsPageAndClicksByReason() throws IOException {
    assertWalked();
    signIn(ConsoleSite.ADMIN_KEY, "Offers");
    assertContains(refusedNewOffer(() -> browser.fill("Caps", "many clicks")), "Caps: 'many clicks' is not like");

    browser.followNav("Offers");
    browser.press("Edit offer " + offerId);
    browser.findText("main h1", "Summer Sale");
    browser.fill("Caps", "1000 clicks daily, 5 conversions lifetime");
    browser.fill("Targeting", "countries us ca; devices desktop");
    browser.press("Save changes");
    browser.findText(".notice-success", "Settings saved.");
    assertEquals("1000 clicks daily, 5 conversions lifetime", browser.field("Caps").getAttribute("value"));
    assertEquals("countries US CA; devices DESKTOP", browser.field("Targeting").getAttribute("value"));
    browser.screenshot("offer-caps-targeting");

    browser.followNav("Caps");
    browser.heading("Caps");
    browser.findText("table[data-table=caps] tbody", "Summer Sale");
    browser.findText("table[data-table=caps] tbody", "0 of 1000");
    browser.findText("table[data-table=caps] tbody", "conversions");
    browser.screenshot("caps");

    // a click from this machine's address has no country: off target, it goes down the fallback chain
    awaitApi("the edge applies the targeting", () -> {
      HttpResponse<String> redirect = site.click(link);
      return redirect.statusCode() != 302 || !redirect.headers().firstValue("Location").orElse("").startsWith("https://shop.example.com/");
    });
    browser.open("#/reports/clicks?range=24h&groupBy=reason,country&offerId=" + offerId);
    browser.heading("Click report");
    browser.findText("[data-rows=clicks] tbody", "TARGETING_MISMATCH");
    browser.findText("[data-rows=clicks] tbody", "OK");
    browser.screenshot("click-report-by-reason");
  }

  /** A new offer's form filled in and sent: what the form says is wrong, as the manager reads it. */
  private String refusedNewOffer(Runnable fillIn) {
    browser.open("#/offers/new");
    browser.heading("New offer");
    fillIn.run();
    browser.press("Create offer");
    return browser.find(".form-summary .notice-error").getText();
  }

  private String creativeIdOf(String name) {
    return idOf("creatives", name);
  }

  /** The id of the row of a catalog table that has this name. */
  private String idOf(String table, String name) {
    return browser.findText("table[data-table=" + table + "] tbody", name)
        .findElement(By.xpath(".//tr[td[normalize-space()='" + name + "']]")).getAttribute("data-id");
  }

  /** The steps after the walk build on its offer and click. */
  private void assertWalked() {
    assertNotNull(clickId, "this step needs the offer and click of the walk, which did not get that far");
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "'" + part + "' is not in: " + text);
    }
  }

  private void awaitInPage(String what, String condition) {
    browser.waitUntil(what, LIVE_WITHIN, () -> Boolean.TRUE.equals(browser.script("return " + condition)));
  }

  /** The file with this ending once the browser has finished downloading it, else null. */
  private Path downloaded(String ending) {
    try (Stream<Path> files = Files.list(browser.downloads)) {
      return files.filter(f -> f.toString().endsWith(ending)).findFirst().orElse(null);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether the API shows what the step needs within the time the attribution engine is given. */
  /** Waits for the API to answer as the page will show it; the test fails when it does not within the bound. */
  private static void awaitApi(String what, BooleanSupplier condition) {
    await(what).atMost(ATTRIBUTED_WITHIN).pollInterval(Duration.ofMillis(250)).until(condition::getAsBoolean);
  }
}
