package io.tracker.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Conversion;
import io.tracker.events.Credit;
import io.tracker.platform.QueryParameters;
import io.tracker.events.ExcludedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.HttpErrors;
import io.undertow.util.QueryParameterUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report queries as the API reads them, their answers as CSV and sums, and the attribution config. */
class AttributionQueriesTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static Map<String, List<String>> parameters(String... namesAndValues) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return parameters;
  }

  @Test
  void aConversionsQueryNamesEveryProblemAtOnce() {
    var refused = assertThrows(HttpErrors.BadRequest.class, () -> ConversionQuery.parse(parameters(
        "from", "yesterday", "affiliateId", "x", "status", "LOST", "test", "maybe", "groupBy", "day",
        "offerId", "1", "offerId", "2"), NOW));
    assertEquals(6, refused.errors().size(), refused.errors().toString());
    for (String named : List.of("from", "affiliateId", "status", "test", "'groupBy'", "offerId is given more")) {
      assertTrue(refused.errors().stream().anyMatch(error -> error.contains(named)), named + " in " + refused.errors());
    }
    var backwards = assertThrows(HttpErrors.BadRequest.class, () -> ConversionQuery.parse(parameters(
        "from", "2026-03-02T00:00:00Z", "to", "2026-03-01T00:00:00Z"), NOW));
    assertEquals(List.of("from must be before to"), backwards.errors());
  }

  @Test
  void aConversionsQueryDefaultsToTheLastDayAndTravelsToAnotherInstanceUnchanged() {
    ConversionQuery defaults = ConversionQuery.parse(Map.of(), NOW);
    assertEquals(new ConversionQuery(NOW.minus(QueryParameters.DEFAULT_RANGE), NOW, null, null, null, false), defaults);

    ConversionQuery query = ConversionQuery.parse(parameters("from", "2026-02-01T00:00:00Z", "affiliateId", "7",
        "offerId", " 3 ", "status", "unattributed", "test", "true"), NOW);
    assertEquals(new ConversionQuery(Instant.parse("2026-02-01T00:00:00Z"), NOW, 7L, 3L,
        AttributionStatus.UNATTRIBUTED, true), query);
    assertEquals(query, ConversionQuery.parse(
        QueryParameterUtils.parseQueryString(query.toQueryString(), "UTF-8"), NOW.plusSeconds(60)));
  }

  @Test
  void aComparisonNeedsAnOfferAndReadsModelsInAnyCase() {
    var refused = assertThrows(HttpErrors.BadRequest.class, () -> CompareQuery.parse(parameters(
        "models", "linear,BEST"), NOW));
    assertEquals(2, refused.errors().size(), refused.errors().toString());
    assertTrue(refused.errors().get(0).contains("BEST") || refused.errors().get(1).contains("BEST"));

    CompareQuery everyModel = CompareQuery.parse(parameters("offerId", "4"), NOW);
    assertEquals(List.of(AttributionModel.values()), everyModel.models());
    CompareQuery two = CompareQuery.parse(parameters("offerId", "4", "models", "linear, U_SHAPED,linear"), NOW);
    assertEquals(List.of(AttributionModel.LINEAR, AttributionModel.U_SHAPED), two.models());
    assertEquals(two, CompareQuery.parse(QueryParameterUtils.parseQueryString(two.toQueryString(), "UTF-8"), NOW));
  }

  @Test
  void conversionRowsAreOneCsvLinePerConversionWithItsCreditsAndExclusions() {
    Conversion conversion = TestEvents.conversion(TestEvents.visitor(), NOW).setTransactionId("order, \"7\"").build();
    Credit credit = Credit.newBuilder().setClickId("click-1").setClickTime(NOW.minusSeconds(60)).setAffiliateId(2L)
        .setOfferId(5L).setCampaignId(21L).setCreativeId(11L).setWeight(1.0).setRevenueMicros(10_000_000L)
        .setPayoutMicros(3_000_000L).build();
    AttributedConversion decision = AttributedConversion.newBuilder().setConversion(conversion)
        .setStatus(AttributionStatus.ATTRIBUTED).setModel(AttributionModel.LAST_TOUCH).setCredits(List.of(credit))
        .setExcluded(List.of(new ExcludedClick("click-0", "bot"))).build();

    String[] lines = new ConversionRows(List.of(ConversionRows.Row.of(decision))).csv(false).split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("conversionId,time,offerId,advertiserId,kind,eventName,transactionId,"), lines[0]);
    assertTrue(lines[1].contains(",\"order, \"\"7\"\"\","), "quoted as CSV: " + lines[1]);
    assertTrue(lines[1].contains(",ATTRIBUTED,LAST_TOUCH,10,3,"), lines[1]);
    assertTrue(lines[1].contains("affiliate 2 (click click-1, weight 1.0): revenue 10, payout 3"), lines[1]);
    assertTrue(lines[1].contains("click-0: bot"), lines[1]);
  }

  @Test
  void sharesOfAComparisonAddUpPerAffiliateAndModel() {
    ModelSums one = new ModelSums(List.of(new ModelSums.Sum(1, "LINEAR", 0.5, 5, 1),
        new ModelSums.Sum(2, "LINEAR", 1, 6, 2)));
    ModelSums other = new ModelSums(List.of(new ModelSums.Sum(1, "LINEAR", 0.25, 3, 1)));
    assertEquals(List.of(new ModelSums.Sum(1, "LINEAR", 0.75, 8, 2), new ModelSums.Sum(2, "LINEAR", 1, 6, 2)),
        one.plus(other).sums());
  }

  @Test
  void theAttributionConfigListsEveryError() {
    var refused = assertThrows(ConfigCheck.InvalidConfig.class, () -> AttributionConfig.load(ConfigCheck.load(Map.of(
        "attribution.grace", "-1s", "attribution.queryPort", 0, "attribution.longestCookieWindow", "2h",
        "attribution.duplicateTransactionOffers", "4, x"))));
    for (String named : List.of("grace", "queryPort", "longestCookieWindow", "duplicateTransactionOffers")) {
      assertTrue(refused.getMessage().contains(named), named + " in " + refused.getMessage());
    }
    AttributionConfig defaults = AttributionConfig.load(ConfigCheck.load(Map.of(
        "attribution.duplicateTransactionOffers", "4, 9")));
    assertEquals(Set.of(4L, 9L), defaults.duplicateTransactionOffers());
    assertEquals(Duration.ofDays(90).plusMinutes(5), defaults.historyRetention());
  }
}
