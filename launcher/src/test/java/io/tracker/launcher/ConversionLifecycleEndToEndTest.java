package io.tracker.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversion's life on the all-in-one tracker: events with their own amounts, conversions held for review and
 * approved (their postback firing only then), rejected with a note, re-priced, adjusted in bulk by a filter; and
 * an affiliate's own key, which sees only its rows without the network's revenue, may do nothing else, and stops
 * working when revoked. Each test works on offers of its own, so their report rows never mix.
 */
class ConversionLifecycleEndToEndTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0.0.0 Safari/537.36";
  /** Each click another consumer: its own address, so that none is taken for a repeat or a double tap. */
  private static final java.util.concurrent.atomic.AtomicInteger CONSUMERS = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir static Path data;
  static TrackerFixture fixture;
  static TrackerClient admin;
  static ReportWatcher reports;
  static long advertiser;
  static long own;
  static long other;

  @BeforeAll
  static void startTracker() {
    fixture = TrackerFixture.start(data, Map.of("postbackTargets.allowedNetworks", "127.0.0.1/32",
        "edge.trustedProxies", "127.0.0.1"));
    admin = fixture.client;
    reports = new ReportWatcher(admin);
    advertiser = fixture.created("/api/advertisers", "{\"name\":\"Acme Ads\"}");
    own = fixture.created("/api/affiliates", "{\"name\":\"Own Media\"}");
    other = fixture.created("/api/affiliates", "{\"name\":\"Other Media\"}");
  }

  @AfterAll
  static void stopTracker() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anEventsAmountsReachTheReportAndATransactionIdRepeatsPerEvent() {
    Offer offer = offer("AUTO", 2, 5);
    fixture.created("/api/events", event(offer.id, "lead", 1, 3));
    fixture.created("/api/events", event(offer.id, "Sale", 4, 20));
    String click = click(own, offer);

    convert(offer, click, "t=order-1&e=lead");
    convert(offer, click, "t=order-1&e=sale"); // the same order id, another event: counted
    convert(offer, click, "t=order-1&e=SALE"); // the sale again: a repeat
    convert(offer, click, ""); // no event: the offer's amounts

    JsonNode row = offerRow(offer, found -> found.get("conversions").asDouble() == 3);
    assertMoney("28", row.get("revenue"), "3 + 20 + 5");
    assertMoney("7", row.get("payout"), "1 + 4 + 2");
    List<JsonNode> conversions = conversions("offerId=" + offer.id, found -> found.size() == 4);
    // by event: pixels fired within one millisecond have no order in the report
    Map<String, List<String>> statusesByEvent = conversions.stream().collect(Collectors.groupingBy(
        c -> c.hasNonNull("eventName") ? c.get("eventName").asText() : "(none)", TreeMap::new,
        Collectors.mapping(c -> c.get("status").asText(), Collectors.collectingAndThen(Collectors.toList(),
            statuses -> statuses.stream().sorted().toList()))));
    assertEquals(Map.of("lead", List.of("ATTRIBUTED"), "Sale", List.of("ATTRIBUTED", "DUPLICATE"),
        "(none)", List.of("ATTRIBUTED")), statusesByEvent, "the sale again a repeat; Sale as the catalog spells it");
  }

  @Test
  void aRejectedConversionLeavesTheApprovedFiguresAndStaysVisibleAsRejectedWithItsNote() {
    Offer offer = offer("AUTO", 2, 5);
    convert(offer, click(own, offer), "t=keep");
    convert(offer, click(own, offer), "t=fraud");
    offerRow(offer, row -> row.get("conversions").asDouble() == 2);
    String fraud = conversionId(offer, "fraud");

    TrackerClient.Answer rejected = admin.api("PUT", "/api/conversions/" + fraud,
        "{\"status\":\"REJECTED\",\"note\":\"same device as 40 others\"}");
    assertEquals(202, rejected.status(), rejected.body());
    assertEquals(1, rejected.json().get("matched").asInt());

    JsonNode row = offerRow(offer, found -> found.get("conversions").asDouble() == 1);
    assertMoney("5", row.get("revenue"), "the approved one's alone");
    assertMoney("2", row.get("payout"), "the approved one's alone");
    assertMoney("0", row.get("pendingPayout"), "nothing pending");
    JsonNode shown = conversions("offerId=" + offer.id + "&transactionId=fraud",
        found -> found.size() == 1 && found.get(0).get("conversionStatus").asText().equals("REJECTED")).get(0);
    JsonNode adjustment = shown.get("adjustments").get(0);
    assertEquals("same device as 40 others", adjustment.get("note").asText());
    assertEquals("admin", adjustment.get("by").asText());
    assertEquals("APPROVED", adjustment.get("oldStatus").asText());
    assertEquals("REJECTED", adjustment.get("newStatus").asText());
    assertMoney("2", adjustment.get("oldPayout"), "old values kept");
    assertTrue(Instant.parse(adjustment.get("time").asText()).isAfter(Instant.parse(shown.get("time").asText())));

    // re-pricing the one that stays: the report follows, in the conversion's hour
    assertEquals(202, admin.api("PUT", "/api/conversions/" + conversionId(offer, "keep"),
        "{\"payout\":1.5,\"revenue\":4,\"note\":\"advertiser's correction\"}").status());
    row = offerRow(offer, found -> new BigDecimal(found.get("payout").asText()).compareTo(new BigDecimal("1.5")) == 0);
    assertMoney("4", row.get("revenue"), "as adjusted");
    assertEquals(1, row.get("conversions").asDouble());
  }

  @Test
  void badAdjustmentsGetA400NamingTheFieldAndUnknownConversionsA404() {
    Offer offer = offer("AUTO", 2, 5);
    convert(offer, click(own, offer), "t=bad-input");
    offerRow(offer, row -> row.get("conversions").asDouble() == 1);
    String id = conversionId(offer, "bad-input");

    assertRefused("PUT", "/api/conversions/" + id, "{\"status\":\"MAYBE\"}", "MAYBE");
    assertRefused("PUT", "/api/conversions/" + id, "{\"note\":\"why not\"}", "status, revenue or payout is required");
    assertRefused("PUT", "/api/conversions/" + id, "{\"payout\":-1}", "payout must be between 0 and");
    assertRefused("PUT", "/api/conversions/" + id, "{\"revenue\":1.1234567}", "revenue has more than 6 decimals");
    assertRefused("POST", "/api/conversions/adjustments", "{\"status\":\"APPROVED\"}",
        "the filter must name offerId, affiliateId or transactionIds");
    assertRefused("POST", "/api/conversions/adjustments",
        "{\"offerId\":%d,\"from\":\"yesterday\",\"status\":\"APPROVED\"}".formatted(offer.id), "from must be");
    assertEquals(404, admin.api("PUT", "/api/conversions/not-a-conversion", "{\"status\":\"REJECTED\"}").status());
    String unknown = id.substring(0, 20) + (id.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertEquals(404, admin.api("PUT", "/api/conversions/" + unknown, "{\"status\":\"REJECTED\"}").status());
  }

  @Test
  void aPendingConversionCountsAsPendingUntilApprovedAndItsPostbackFiresOnlyThen() {
    Offer offer = offer("MANUAL", 2, 8);
    try (AffiliateServer server = new AffiliateServer()) {
      fixture.created("/api/postbacks", "{\"affiliateId\":%d,\"offerId\":%d,\"url\":\"%s\"}"
          .formatted(own, offer.id, server.url("/pb?lead=#leadid#&price=#price#")));
      convert(offer, click(own, offer), "t=held");

      JsonNode row = offerRow(offer, found -> found.get("pendingConversions").asDouble() == 1);
      assertEquals(0, row.get("conversions").asDouble(), "not approved yet");
      assertMoney("2", row.get("pendingPayout"), "what it would pay");
      assertMoney("0", row.get("payout"), "nothing owed yet");
      String held = conversionId(offer, "held");
      assertEquals("PENDING", conversions("offerId=" + offer.id, found -> found.size() == 1).get(0)
          .get("conversionStatus").asText());
      await("no postback while pending").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> server.queries().isEmpty());

      assertEquals(202, admin.api("PUT", "/api/conversions/" + held, "{\"status\":\"APPROVED\"}").status());
      row = offerRow(offer, found -> found.get("conversions").asDouble() == 1);
      assertEquals(0, row.get("pendingConversions").asDouble());
      assertMoney("8", row.get("revenue"), "approved: counted");
      assertMoney("2", row.get("payout"), "approved: owed");
      await().atMost(WITHIN).until(() -> server.queries().size() == 1);
      assertEquals("lead=" + held + "&price=2", server.queries().get(0));

      // rejected and approved again: no second call for the same conversion
      assertEquals(202, admin.api("PUT", "/api/conversions/" + held, "{\"status\":\"PENDING\"}").status());
      assertEquals(202, admin.api("PUT", "/api/conversions/" + held, "{\"status\":\"APPROVED\"}").status());
      conversions("offerId=" + offer.id, found -> found.get(0).get("adjustments").size() == 3);
      await("one call per conversion").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> server.queries().size() == 1);
    }
  }

  @Test
  void aBulkAdjustmentByFilterChangesExactlyTheConversionsItMatched() {
    Offer offer = offer("MANUAL", 2, 10);
    Offer elsewhere = offer("MANUAL", 2, 10);
    convert(offer, click(own, offer), "t=bulk-1");
    convert(offer, click(own, offer), "t=bulk-2");
    convert(offer, click(other, offer), "t=bulk-3");
    convert(elsewhere, click(own, elsewhere), "t=bulk-4");
    offerRow(offer, row -> row.get("pendingConversions").asDouble() == 3);
    offerRow(elsewhere, row -> row.get("pendingConversions").asDouble() == 1);

    TrackerClient.Answer approved = bulkAdjustment(
        "{\"offerId\":%d,\"affiliateId\":%d,\"from\":\"%s\",\"to\":\"%s\",\"status\":\"APPROVED\",\"note\":\"week 48\"}"
            .formatted(offer.id, own, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))));
    assertEquals(202, approved.status(), approved.body());
    assertEquals(2, approved.json().get("matched").asInt(), approved.body());
    TrackerClient.Answer rejected = bulkAdjustment(
        "{\"transactionIds\":[\"bulk-3\",\"no-such-order\"],\"status\":\"REJECTED\"}");
    assertEquals(202, rejected.status(), rejected.body());
    assertEquals(1, rejected.json().get("matched").asInt(), rejected.body());

    JsonNode ownRow = reports.awaitRow("groupBy=affiliate&offerId=%d&affiliateId=%d".formatted(offer.id, own),
        row -> row.get("conversions").asDouble() == 2, WITHIN);
    assertEquals(0, ownRow.get("pendingConversions").asDouble());
    reports.awaitRow("groupBy=affiliate&offerId=%d&affiliateId=%d".formatted(offer.id, other),
        row -> row.get("pendingConversions").asDouble() == 0 && row.get("conversions").asDouble() == 0, WITHIN);
    JsonNode untouched = offerRow(elsewhere, row -> true);
    assertEquals(1, untouched.get("pendingConversions").asDouble(), "another offer's conversion is not matched");
    List<JsonNode> shown = conversions("offerId=" + offer.id, found -> found.size() == 3);
    assertEquals(List.of("APPROVED", "APPROVED", "REJECTED"), shown.stream().map(c -> c.get("conversionStatus")
        .asText()).toList());
    assertEquals("week 48", shown.get(0).get("adjustments").get(0).get("note").asText());
  }

  @Test
  void anAffiliateKeySeesOnlyItsOwnRowsWithoutRevenueAndIsRefusedElsewhereUntilRevoked() {
    Offer offer = offer("AUTO", 2, 5);
    convert(offer, click(own, offer), "t=mine");
    convert(offer, click(other, offer), "t=theirs");
    offerRow(offer, row -> row.get("conversions").asDouble() == 2);
    long otherPostback = fixture.created("/api/postbacks",
        "{\"affiliateId\":%d,\"url\":\"https://other.example/pb?l=#leadid#\"}".formatted(other));

    JsonNode created = admin.created("/api/affiliates/" + own + "/keys", "{}");
    String key = created.get("key").asText();
    long keyId = created.get("keyId").asLong();
    TrackerClient affiliate = new TrackerClient(admin.apiBase(), fixture.edgeUrl, key);
    ReportWatcher itsReports = new ReportWatcher(affiliate);

    JsonNode ownRow = itsReports.awaitRow("groupBy=affiliate,offer&offerId=" + offer.id,
        row -> row.get("conversions").asDouble() == 1, WITHIN);
    assertEquals(own, ownRow.get("affiliateId").asLong(), "its own row alone, though it asked for every affiliate");
    assertFalse(ownRow.has("revenue") || ownRow.has("epc"), ownRow.toString());
    assertMoney("2", ownRow.get("payout"), "what it earns");
    String hours = ReportWatcher.aroundNow();
    TrackerClient.Answer csv = affiliate.api("GET", "/api/reports/clicks?groupBy=affiliate&" + hours, null);
    assertEquals(200, csv.status());
    TrackerClient.Answer csvAnswer = affiliate.raw(admin.apiBase() + "/api/reports/clicks?groupBy=affiliate&" + hours,
        "Authorization", "Bearer " + key, "Accept", "text/csv");
    assertEquals("affiliateId,clicks,totalClicks,conversions,payout,conversionRate,pendingConversions,pendingPayout",
        csvAnswer.body().lines().findFirst().orElseThrow());
    assertTrue(csvAnswer.body().lines().skip(1).allMatch(line -> line.startsWith(own + ",")), csvAnswer.body());
    assertEquals(403, affiliate.api("GET", "/api/reports/clicks?affiliateId=" + other, null).status());

    List<JsonNode> itsConversions = new ReportWatcher(affiliate).awaitRows("/api/reports/conversions?offerId="
        + offer.id + "&" + hours, found -> found.size() == 1, WITHIN);
    JsonNode mine = itsConversions.get(0);
    assertEquals("mine", mine.get("transactionId").asText());
    assertFalse(mine.has("revenue"), mine.toString());
    assertTrue(mine.get("credits").findValues("affiliateId").stream().allMatch(id -> id.asLong() == own));
    assertFalse(mine.get("credits").get(0).has("revenue"), mine.toString());
    TrackerClient.Answer conversionsCsv = affiliate.raw(admin.apiBase() + "/api/reports/conversions?" + hours,
        "Authorization", "Bearer " + key, "Accept", "text/csv");
    assertFalse(conversionsCsv.body().lines().findFirst().orElseThrow().contains("revenue"), conversionsCsv.body());

    TrackerClient.Answer link = affiliate.api("POST", "/api/links", "{\"creativeId\":%d}".formatted(offer.creative));
    assertEquals(200, link.status(), link.body());
    assertTrue(link.json().get("url").asText().contains("a=" + own), link.body());
    assertEquals(403, affiliate.api("POST", "/api/links",
        "{\"affiliateId\":%d,\"creativeId\":%d}".formatted(other, offer.creative)).status());
    JsonNode postback = affiliate.created("/api/postbacks",
        "{\"affiliateId\":%d,\"url\":\"https://own.example/pb?l=#leadid#\"}".formatted(own));
    assertTrue(affiliate.api("GET", "/api/postbacks", null).json().findValues("affiliateId").stream()
        .allMatch(id -> id.asLong() == own));
    assertEquals(200, affiliate.api("GET", "/api/postbacks/" + postback.get("id").asLong(), null).status());
    assertEquals(403, affiliate.api("GET", "/api/postbacks/" + otherPostback, null).status());
    assertEquals(403, affiliate.api("POST", "/api/postbacks",
        "{\"affiliateId\":%d,\"url\":\"https://own.example/pb\"}".formatted(other)).status());
    for (String[] elsewhere : List.of(new String[] {"GET", "/api/offers"}, new String[] {"GET", "/api/affiliates"},
        new String[] {"POST", "/api/pixels/conversion"}, new String[] {"GET", "/api/reports/postbacks"},
        new String[] {"POST", "/api/affiliates/" + own + "/keys"}, new String[] {"GET", "/metrics"})) {
      assertEquals(403, affiliate.api(elsewhere[0], elsewhere[1], "{}").status(), String.join(" ", elsewhere));
    }
    assertEquals(403, affiliate.api("PUT", "/api/conversions/" + conversionId(offer, "mine"),
        "{\"status\":\"REJECTED\"}").status(), "an affiliate does not review its own conversions");

    JsonNode listed = admin.api("GET", "/api/affiliates/" + own + "/keys", null).json();
    assertEquals(keyId, listed.get(0).get("keyId").asLong());
    assertFalse(listed.get(0).has("key") || listed.get(0).has("hash"), "shown once, never again: " + listed);
    await().atMost(WITHIN).until(() -> !admin.api("GET", "/api/affiliates/" + own + "/keys", null).json().get(0)
        .get("lastUsedAt").isNull());

    assertEquals(200, admin.api("DELETE", "/api/affiliates/" + own + "/keys/" + keyId, null).status());
    assertEquals(401, affiliate.api("GET", "/api/reports/clicks", null).status(), "revoked");
    assertEquals(401, new TrackerClient(admin.apiBase(), fixture.edgeUrl, "aff_not-a-key")
        .api("GET", "/api/reports/clicks", null).status());
    assertEquals(404, admin.api("DELETE", "/api/affiliates/" + other + "/keys/" + keyId, null).status(),
        "a key of another affiliate");
  }

  // ---- helpers

  /** An offer of the test's own with a campaign for both affiliates and a creative. */
  record Offer(long id, long creative) {}

  /**
   * A bulk adjustment as a client following the contract sends it: a 503 (a report it reads is not answerable in
   * full at this moment) is asked again after a pause, within a bound; repeating one sets the same values.
   */
  private static TrackerClient.Answer bulkAdjustment(String body) {
    List<TrackerClient.Answer> answers = new java.util.ArrayList<>();
    await("a bulk adjustment answered").atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
      answers.add(admin.api("POST", "/api/conversions/adjustments", body));
      return answers.get(answers.size() - 1).status() != 503;
    });
    return answers.get(answers.size() - 1);
  }

  private static Offer offer(String approval, int payout, int revenue) {
    long id = fixture.created("/api/offers", """
        {"advertiserId": %d, "name": "Offer", "landingPageUrl": "https://shop.example.com/lp?click={click_id}",
         "payout": %d, "revenue": %d, "conversionApproval": "%s"}
        """.formatted(advertiser, payout, revenue, approval));
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(own, id));
    fixture.created("/api/campaigns", "{\"affiliateId\":%d,\"offerId\":%d}".formatted(other, id));
    long creative = fixture.created("/api/creatives", "{\"offerId\":%d,\"name\":\"Banner\"}".formatted(id));
    return new Offer(id, creative);
  }

  private static String event(long offer, String code, int payout, int revenue) {
    return "{\"offerId\":%d,\"code\":\"%s\",\"name\":\"%s\",\"payout\":%d,\"revenue\":%d}"
        .formatted(offer, code, code, payout, revenue);
  }

  /** A new consumer's click on the affiliate's link (once the edge knows the catalog); its click id. */
  private static String click(long affiliate, Offer offer) {
    String link = "/?a=%d&c=%d".formatted(affiliate, offer.creative);
    fixture.awaitRedirect(link, l -> l.startsWith("https://shop.example.com/lp"));
    int consumer = CONSUMERS.incrementAndGet();
    TrackerClient.Answer answer = admin.edge(link, "User-Agent", BROWSER, "X-Forwarded-For",
        "198.51.%d.%d".formatted(consumer / 250, consumer % 250 + 1));
    assertEquals(302, answer.status(), answer.body());
    String location = answer.response().headers().firstValue("Location").orElseThrow();
    return location.substring(location.indexOf("click=") + "click=".length());
  }

  private static void convert(Offer offer, String click, String parameters) {
    TrackerClient.Answer answer = admin.edge("/p.ashx?o=%d&r=%s&%s".formatted(offer.id, click, parameters));
    assertEquals(200, answer.status(), answer.body());
  }

  /** The offer's row of the click report once it satisfies the condition. */
  private static JsonNode offerRow(Offer offer, Predicate<JsonNode> condition) {
    return reports.awaitRow("groupBy=offer&offerId=" + offer.id, condition, WITHIN);
  }

  private static List<JsonNode> conversions(String query, Predicate<List<JsonNode>> condition) {
    return reports.awaitRows("/api/reports/conversions?" + query + "&" + ReportWatcher.aroundNow(), condition, WITHIN);
  }

  private static String conversionId(Offer offer, String transactionId) {
    return conversions("offerId=" + offer.id + "&transactionId=" + transactionId, found -> found.size() == 1).get(0)
        .get("conversionId").asText();
  }

  private static void assertRefused(String method, String path, String body, String reason) {
    TrackerClient.Answer answer = admin.api(method, path, body);
    assertEquals(400, answer.status(), answer.body());
    assertTrue(answer.body().contains(reason), "'" + reason + "' is not in " + answer.body());
  }

  private static void assertMoney(String expected, JsonNode actual, String why) {
    assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.asText())), why + ": " + actual);
  }
}
