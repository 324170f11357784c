package io.tracker.attribution;

import static io.tracker.attribution.TestEvents.OFFER;
import static io.tracker.attribution.TestEvents.PAYOUT;
import static io.tracker.attribution.TestEvents.REVENUE;
import static io.tracker.attribution.TestEvents.click;
import static io.tracker.attribution.TestEvents.clicked;
import static io.tracker.attribution.TestEvents.conversion;
import static io.tracker.attribution.TestEvents.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.Adjustment;
import io.tracker.events.AppliedAdjustment;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.Click;
import io.tracker.events.Conversion;
import io.tracker.events.ConversionChange;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.Disposition;
import io.tracker.events.ExcludedClick;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import io.tracker.events.Reason;
import io.tracker.events.ReasonCode;
import io.tracker.events.RedirectReason;
import io.tracker.platform.ConfigCheck;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The attribution topology on a test driver: models, windows, arrival order, duplicates, bots, unattributed. */
class AttributionTopologyTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(1);
  static final long ALLOWS_DUPLICATES = 77;
  static final double EPSILON = 1e-12;

  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<String, JudgedClick> clicks;
  TestInputTopic<String, Conversion> conversions;
  TestOutputTopic<String, AttributedConversion> attributed;

  @BeforeEach
  void startDriver() {
    AttributionConfig config = AttributionConfig.load(ConfigCheck.load(Map.of(
        "attribution.stateDir", stateDir.toString(),
        "attribution.grace", GRACE.toSeconds() + "s",
        "attribution.duplicateTransactionOffers", "3, " + ALLOWS_DUPLICATES)));
    driver = new TopologyTestDriver(AttributionTopology.buildTopology(config), AttributionApp.streamsConfig(config),
        NOW);
    clicks = driver.createInputTopic(Topics.PROCESSED_CLICKS, new StringSerializer(),
        ProcessedClicks.JUDGED);
    conversions = driver.createInputTopic(Topics.CONVERSIONS, new StringSerializer(), AvroSerde.of(Conversion.class));
    attributed = driver.createOutputTopic(Topics.ATTRIBUTED_CONVERSIONS, new StringDeserializer(),
        AvroSerde.of(AttributedConversion.class));
  }

  @AfterEach
  void stopDriver() {
    driver.close();
  }

  void send(JudgedClick click) {
    clicks.pipeInput(TestEvents.visitorOf(click), click, Instant.ofEpochMilli(click.getTime()));
  }

  void send(Conversion conversion) {
    conversions.pipeInput(conversion.getVisitorId(), conversion, conversion.getTime());
  }

  /** Lets every held conversion's grace run out. */
  void waitOutTheGrace() {
    driver.advanceWallClockTime(GRACE.plus(AttributionProcessor.CHECK_INTERVAL));
  }

  AttributedConversion onlyDecision() {
    List<AttributedConversion> decided = attributed.readValuesToList();
    assertEquals(1, decided.size(), decided.toString());
    return decided.get(0);
  }

  static List<Double> weights(AttributedConversion decision) {
    return decision.getCredits().stream().map(Credit::getWeight).toList();
  }

  // ---- models

  static Stream<Arguments> modelWeights() {
    double third = 1.0 / 3;
    return Stream.of(
        Arguments.of(AttributionModel.FIRST_TOUCH, 1, List.of(1.0)),
        Arguments.of(AttributionModel.FIRST_TOUCH, 2, List.of(1.0)),
        Arguments.of(AttributionModel.FIRST_TOUCH, 3, List.of(1.0)),
        Arguments.of(AttributionModel.LAST_TOUCH, 1, List.of(1.0)),
        Arguments.of(AttributionModel.LAST_TOUCH, 3, List.of(1.0)),
        Arguments.of(AttributionModel.LINEAR, 1, List.of(1.0)),
        Arguments.of(AttributionModel.LINEAR, 2, List.of(0.5, 0.5)),
        Arguments.of(AttributionModel.LINEAR, 3, List.of(third, third, third)),
        // clicks 14, 7 and 0 days before the conversion with a 7-day half-life weigh 1/4, 1/2, 1
        Arguments.of(AttributionModel.TIME_DECAY, 1, List.of(1.0)),
        Arguments.of(AttributionModel.TIME_DECAY, 2, List.of(1.0 / 3, 2.0 / 3)),
        Arguments.of(AttributionModel.TIME_DECAY, 3, List.of(1.0 / 7, 2.0 / 7, 4.0 / 7)),
        Arguments.of(AttributionModel.U_SHAPED, 1, List.of(1.0)),
        Arguments.of(AttributionModel.U_SHAPED, 2, List.of(0.5, 0.5)),
        Arguments.of(AttributionModel.U_SHAPED, 3, List.of(0.4, 0.2, 0.4)),
        Arguments.of(AttributionModel.U_SHAPED, 5, List.of(0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4)));
  }

  @ParameterizedTest(name = "{0} over {1} clicks")
  @MethodSource("modelWeights")
  void eachModelWeighsTheEligibleClicks(AttributionModel model, int clickCount, List<Double> expected) {
    String visitor = visitor();
    List<JudgedClick> sent = new ArrayList<>();
    for (int i = clickCount - 1; i >= 0; i--) {
      JudgedClick click = click(visitor, NOW.minus(Duration.ofDays(7L * i)), model);
      sent.add(click);
      send(click);
    }
    // the last click is the one the cookie names: the history is complete, the decision immediate
    send(conversion(visitor, NOW).setClickId(sent.get(clickCount - 1).getClickId()).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.ATTRIBUTED, decision.getStatus());
    assertEquals(model, decision.getModel());
    List<Double> weights = weights(decision);
    assertEquals(expected.size(), weights.size(), weights.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), weights.get(i), EPSILON, "weight " + i + " of " + weights);
    }
    String lastCredited = decision.getCredits().get(decision.getCredits().size() - 1).getClickId();
    String expectedLast = model == AttributionModel.FIRST_TOUCH ? sent.get(0).getClickId()
        : sent.get(clickCount - 1).getClickId();
    assertEquals(expectedLast, lastCredited);
    assertEquals(REVENUE, decision.getCredits().stream().mapToLong(Credit::getRevenueMicros).sum());
    assertEquals(PAYOUT, decision.getCredits().stream().mapToLong(Credit::getPayoutMicros).sum());
    assertEquals(clickCount - expected.size(), decision.getExcluded().size(), "the passed-over clicks are listed");
    decision.getExcluded().forEach(excluded -> assertTrue(excluded.getReason().startsWith("not credited under " + model),
        excluded.getReason()));
  }

  @Test
  void moneyIsSplitExactlyWithTheRemainderOnTheLastCredit() {
    String visitor = visitor();
    JudgedClick first = click(visitor, NOW.minusSeconds(30), AttributionModel.LINEAR);
    JudgedClick second = click(visitor, NOW.minusSeconds(20), AttributionModel.LINEAR);
    JudgedClick.Builder third = clicked(visitor, NOW.minusSeconds(10));
    // another affiliate's campaign pays 2.0 instead of 3.0
    third.setAttributionModel(AttributionModel.LINEAR);
    third.setAffiliateId(2);
    third.setPayoutMicros(2_000_000);
    send(first);
    send(second);
    send(third.build());
    send(conversion(visitor, NOW).setClickId(third.getClickId()).build());

    List<Credit> credits = onlyDecision().getCredits();
    assertEquals(List.of(3_333_333L, 3_333_333L, 3_333_334L), credits.stream().map(Credit::getRevenueMicros).toList());
    // a third of 3.0, 3.0 and 2.0: each affiliate earns its weight of its own payout
    assertEquals(List.of(1_000_000L, 1_000_000L, 666_667L), credits.stream().map(Credit::getPayoutMicros).toList());
    assertEquals(List.of(1L, 1L, 2L), credits.stream().map(Credit::getAffiliateId).toList());
  }

  @Test
  void theModelIsTheOneTheLatestEligibleClickWasBoughtUnder() {
    String visitor = visitor();
    send(click(visitor, NOW.minusSeconds(20), AttributionModel.LINEAR));
    JudgedClick latest = click(visitor, NOW.minusSeconds(10), AttributionModel.LAST_TOUCH);
    send(latest);
    send(conversion(visitor, NOW).setClickId(latest.getClickId()).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionModel.LAST_TOUCH, decision.getModel());
    assertEquals(List.of(latest.getClickId()), decision.getCredits().stream().map(Credit::getClickId).toList());
  }

  // ---- cookie windows

  @Test
  void aClickCountsOnlyWithinItsOwnClickCookieDaysBeforeTheConversion() {
    String visitor = visitor();
    JudgedClick.Builder outside = clicked(visitor, NOW.minus(Duration.ofDays(7)));
    outside.setClickCookieDays(7);
    JudgedClick.Builder inside = clicked(visitor, NOW.minus(Duration.ofDays(7)).plusMillis(1));
    inside.setClickCookieDays(7);
    JudgedClick.Builder afterwards = clicked(visitor, NOW.plusMillis(1));
    send(outside.build());
    send(inside.build());
    send(afterwards.build()); // after the conversion: not part of its history, and it completes it
    send(conversion(visitor, NOW).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.ATTRIBUTED, decision.getStatus());
    assertEquals(List.of(inside.getClickId()), decision.getCredits().stream().map(Credit::getClickId).toList());
    assertEquals(List.of(new ExcludedClick(outside.getClickId(),
        "outside its 7-day click cookie window: clicked at " + Instant.ofEpochMilli(outside.getTime()))), decision.getExcluded());
  }

  @Test
  void aConversionWithAllItsClicksOutsideTheirWindowIsKeptUnattributed() {
    String visitor = visitor();
    JudgedClick.Builder old = clicked(visitor, NOW.minus(Duration.ofDays(31)));
    send(old.build());
    send(click(visitor(), NOW.plusSeconds(1))); // another visitor's click: the partition is past NOW
    send(conversion(visitor, NOW).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.UNATTRIBUTED, decision.getStatus());
    assertTrue(decision.getNote().startsWith("none of the visitor's 1 clicks on offer 5 is eligible"), decision.getNote());
    assertTrue(decision.getExcluded().get(0).getReason().startsWith("outside its 30-day click cookie window"));
  }

  // ---- arrival order and grace

  @Test
  void aConversionThatArrivesBeforeItsClickIsHeldUntilTheClickArrives() {
    String visitor = visitor();
    JudgedClick click = click(visitor, NOW.minusSeconds(5), AttributionModel.FIRST_TOUCH);
    send(conversion(visitor, NOW).setClickId(click.getClickId()).build());
    assertTrue(attributed.isEmpty(), "held: the click it names has not arrived");

    driver.advanceWallClockTime(GRACE.minusSeconds(10));
    assertTrue(attributed.isEmpty(), "still within the grace");
    send(click);

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.ATTRIBUTED, decision.getStatus());
    assertEquals(click.getClickId(), decision.getCredits().get(0).getClickId());
    waitOutTheGrace();
    assertTrue(attributed.isEmpty(), "decided once");
  }

  @Test
  void aHeldConversionWithoutClickIdIsDecidedOnceThePartitionsClicksPassItsTime() {
    String visitor = visitor();
    send(conversion(visitor, NOW).build());
    JudgedClick late = click(visitor, NOW.minusSeconds(5));
    send(late);
    assertTrue(attributed.isEmpty(), "clicks before the conversion may still be on their way");

    send(click(visitor(), NOW));
    assertEquals(late.getClickId(), onlyDecision().getCredits().get(0).getClickId());
  }

  @Test
  void aClickLaterThanTheGraceIsTooLateForTheConversionButKeptForTheNextOne() {
    String visitor = visitor();
    JudgedClick click = click(visitor, NOW.minusSeconds(5));
    Conversion conversion = conversion(visitor, NOW).setClickId(click.getClickId()).build();
    send(conversion);
    waitOutTheGrace();

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.UNATTRIBUTED, decision.getStatus());
    assertEquals("no click of visitor " + visitor + " on offer 5 in the 90 days before the conversion; the click it "
        + "names, " + click.getClickId() + ", is not one of them", decision.getNote());

    send(click);
    assertTrue(attributed.isEmpty(), "decided once: the late click does not change it");
    send(conversion(visitor, NOW.plusSeconds(1)).setClickId(click.getClickId()).build());
    assertEquals(AttributionStatus.ATTRIBUTED, onlyDecision().getStatus());
  }

  // ---- duplicates

  @Test
  void aRepeatedTransactionIdOnAnOfferIsRecordedAsDuplicateWhateverItsVisitor() {
    String first = visitor();
    String second = visitor();
    JudgedClick firstClick = click(first, NOW.minusSeconds(10));
    JudgedClick secondClick = click(second, NOW.minusSeconds(10));
    send(firstClick);
    send(secondClick);
    Conversion counted = conversion(first, NOW).setClickId(firstClick.getClickId()).setTransactionId("T-1")
        .build();
    send(counted);
    send(conversion(second, NOW.plusSeconds(1)).setClickId(secondClick.getClickId()).setTransactionId("T-1")
        .build());
    send(conversion(second, NOW.plusSeconds(2)).setClickId(secondClick.getClickId()).setTransactionId("T-1")
        .setOfferId(6).build());
    waitOutTheGrace(); // the visitor has no click on offer 6: only the grace decides that one

    List<AttributedConversion> decided = attributed.readValuesToList();
    assertEquals(3, decided.size(), decided.toString());
    assertEquals(AttributionStatus.ATTRIBUTED, decided.get(0).getStatus());
    assertEquals(AttributionStatus.DUPLICATE, decided.get(1).getStatus());
    assertEquals("transaction id 'T-1' was already counted for offer 5 by conversion " + counted.getConversionId()
        + " at " + counted.getTime(), decided.get(1).getNote());
    assertTrue(decided.get(1).getCredits().isEmpty(), "a duplicate is never credited");
    assertEquals(6, decided.get(2).getConversion().getOfferId(), "the same id on another offer is another transaction");
    assertEquals(AttributionStatus.UNATTRIBUTED, decided.get(2).getStatus());
  }

  @Test
  void aTransactionIdRepeatsPerEventAndAnEventPaysItsOwnPayoutOrItsCampaigns() {
    String visitor = visitor();
    JudgedClick click = click(visitor, NOW.minusSeconds(10));
    send(click);
    send(conversion(visitor, NOW).setClickId(click.getClickId()).setTransactionId("order-1").setEventName("lead")
        .setPayoutMicros(1_000_000L).build());
    send(conversion(visitor, NOW.plusSeconds(1)).setClickId(click.getClickId()).setTransactionId("order-1")
        .setEventName("sale").setPayoutMicros(4_000_000L)
        .setCampaignPayouts(Map.of(Long.toString(click.getCampaignId()), 5_000_000L)).build());
    send(conversion(visitor, NOW.plusSeconds(2)).setClickId(click.getClickId()).setTransactionId("order-1")
        .setEventName("sale").build());

    List<AttributedConversion> decided = attributed.readValuesToList();
    assertEquals(List.of(AttributionStatus.ATTRIBUTED, AttributionStatus.ATTRIBUTED, AttributionStatus.DUPLICATE),
        decided.stream().map(AttributedConversion::getStatus).toList(), "a sale after a lead is not a repeat");
    assertEquals(1_000_000L, decided.get(0).getCredits().get(0).getPayoutMicros(), "the lead's payout");
    assertEquals(5_000_000L, decided.get(1).getCredits().get(0).getPayoutMicros(), "the campaign's own for the sale");
  }

  // ---- statuses and adjustments

  @Test
  void anAdjustmentMeetsItsConversionAndIsPublishedAsTheChangeFromBeforeToAfter() {
    TestOutputTopic<String, ConversionChange> changes = driver.createOutputTopic(Topics.CONVERSION_CHANGES,
        new StringDeserializer(), AvroSerde.of(ConversionChange.class));
    TestInputTopic<String, Adjustment> adjustments = driver.createInputTopic(Topics.CONVERSION_ADJUSTMENTS,
        new StringSerializer(), AvroSerde.of(Adjustment.class));
    String visitor = visitor();
    JudgedClick click = click(visitor, NOW.minusSeconds(10));
    send(click);
    Conversion held = conversion(visitor, NOW).setClickId(click.getClickId()).setPending(true).build();
    send(held);
    AttributedConversion decision = onlyDecision();
    assertEquals(ConversionStatus.PENDING, decision.getConversionStatus(), "its offer holds conversions");

    adjustments.pipeInput(visitor, new Adjustment("a-1", held.getConversionId(), held.getOfferId(),
        NOW.toEpochMilli(), NOW.plusSeconds(60), "admin", "checked", ConversionStatus.APPROVED, 8_000_000L, null));
    adjustments.pipeInput(visitor, new Adjustment("a-2", held.getConversionId(), held.getOfferId(),
        NOW.toEpochMilli(), NOW.plusSeconds(120), "admin", "chargeback", ConversionStatus.REJECTED, null, 0L));

    List<TestRecord<String, ConversionChange>> published = changes.readRecordsToList();
    assertEquals(2, published.size());
    ConversionChange approval = published.get(0).value();
    assertEquals(decision, approval.getBefore(), "the decision as it was made");
    assertEquals(ConversionStatus.APPROVED, approval.getAfter().getConversionStatus());
    assertEquals(8_000_000L, approval.getAfter().getCredits().get(0).getRevenueMicros(), "re-priced over its credits");
    assertEquals(NOW, Instant.ofEpochMilli(published.get(0).timestamp()), "at the conversion's time");
    ConversionChange rejection = published.get(1).value();
    assertEquals(approval.getAfter(), rejection.getBefore(), "each adjustment applies to the conversion as it stands");
    assertEquals(0L, rejection.getAfter().getCredits().get(0).getPayoutMicros());
    AppliedAdjustment last = rejection.getAfter().getAdjustments().get(1);
    assertEquals(List.of("a-1", "a-2"), rejection.getAfter().getAdjustments().stream()
        .map(AppliedAdjustment::getAdjustmentId).toList());
    assertEquals(ConversionStatus.APPROVED, last.getOldStatus());
    assertEquals(ConversionStatus.REJECTED, last.getNewStatus());
    assertEquals(8_000_000L, last.getOldRevenueMicros());
    assertEquals("chargeback", last.getNote());
    assertTrue(attributed.isEmpty(), "the decision is never published again");

    adjustments.pipeInput(visitor, new Adjustment("a-3", "no-such-conversion", held.getOfferId(), NOW.toEpochMilli(),
        NOW.plusSeconds(180), "admin", null, ConversionStatus.APPROVED, null, null));
    assertTrue(changes.isEmpty(), "an adjustment of a conversion not kept changes nothing");
  }

  @Test
  void anOfferThatAllowsDuplicatesCountsEveryRepeatOfATransactionId() {
    String visitor = visitor();
    JudgedClick.Builder click = clicked(visitor, NOW.minusSeconds(10));
    click.setOfferId(ALLOWS_DUPLICATES);
    send(click.build());
    for (int i = 0; i < 3; i++) {
      send(conversion(visitor, NOW.plusSeconds(i)).setOfferId(ALLOWS_DUPLICATES).setTransactionId("same")
          .setClickId(click.getClickId()).build());
    }
    List<AttributedConversion> decided = attributed.readValuesToList();
    assertEquals(List.of(AttributionStatus.ATTRIBUTED, AttributionStatus.ATTRIBUTED, AttributionStatus.ATTRIBUTED),
        decided.stream().map(AttributedConversion::getStatus).toList());
  }

  @Test
  void aConversionTheEdgeSentAgainCountsOnceWhetherDecidedOrHeld() {
    String visitor = visitor();
    JudgedClick click = click(visitor, NOW.minusSeconds(10));
    send(click);
    Conversion decidedAtOnce = conversion(visitor, NOW).setClickId(click.getClickId())
        .setTransactionId("order-9").build();
    send(decidedAtOnce);
    send(decidedAtOnce);
    Conversion held = conversion(visitor, NOW.plusSeconds(1)).build();
    send(held);
    send(held);
    waitOutTheGrace();
    send(held);

    List<AttributedConversion> decided = attributed.readValuesToList();
    assertEquals(List.of(decidedAtOnce.getConversionId(), held.getConversionId()),
        decided.stream().map(d -> d.getConversion().getConversionId()).toList());
    assertEquals(List.of(AttributionStatus.ATTRIBUTED, AttributionStatus.ATTRIBUTED),
        decided.stream().map(AttributedConversion::getStatus).toList());
  }

  // ---- eligibility

  @Test
  void botsDuplicatesAndRedirectedClicksAreExcludedWithTheirReasonAndRepeatsCount() {
    String visitor = visitor();
    JudgedClick bot = clicked(visitor, NOW.minusSeconds(40)).setDisposition(Disposition.BOT)
        .setReasons(List.of(Reason.newBuilder().setCode(ReasonCode.BOT_USER_AGENT).setText("Googlebot").build()))
        .build();
    JudgedClick duplicate = clicked(visitor, NOW.minusSeconds(30)).setDisposition(Disposition.DUPLICATE).build();
    JudgedClick.Builder redirected = clicked(visitor, NOW.minusSeconds(25));
    redirected.setRedirectReason(RedirectReason.PAUSED_CAMPAIGN);
    redirected.setCampaignId(0L);
    JudgedClick repeat = click(visitor, NOW.minusSeconds(20), AttributionModel.LINEAR);
    repeat.setDisposition(Disposition.REPEAT);
    JudgedClick unique = click(visitor, NOW.minusSeconds(10), AttributionModel.LINEAR);
    for (JudgedClick click : List.of(bot, duplicate, redirected.build(), repeat, unique)) {
      send(click);
    }
    send(conversion(visitor, NOW).setClickId(unique.getClickId()).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(List.of(repeat.getClickId(), unique.getClickId()),
        decision.getCredits().stream().map(Credit::getClickId).toList());
    assertEquals(List.of(0.5, 0.5), weights(decision));
    assertEquals(List.of(
        new ExcludedClick(bot.getClickId(), "bot: bot user agent: Googlebot"),
        new ExcludedClick(duplicate.getClickId(), "duplicate click"),
        new ExcludedClick(redirected.getClickId(), "not sent to the offer (PAUSED_CAMPAIGN)")),
        decision.getExcluded());
  }

  @Test
  void aCreditCarriesItsClicksSubIdsAndDeviceForTheReportRows() {
    String visitor = visitor();
    JudgedClick click = clicked(visitor, NOW.minusSeconds(10)).setS2("banner-1").setS5("id-5")
        .setDeviceClass("Phone").setBrowser("Safari").setOs("iOS").build();
    send(click);
    send(conversion(visitor, NOW).setClickId(click.getClickId()).build());

    Credit credit = onlyDecision().getCredits().get(0);
    assertEquals(List.of("banner-1", "id-5"), Arrays.asList(credit.getS2(), credit.getS5()));
    assertNull(credit.getS3());
    assertEquals(List.of("Phone", "Safari", "iOS"), List.of(credit.getDeviceClass(), credit.getBrowser(), credit.getOs()));
  }

  @Test
  void aProcessedClickAsEarlierVersionsWroteItStillCountsWithItsReasons() {
    TestInputTopic<String, ProcessedClick> earlier = driver.createInputTopic(Topics.PROCESSED_CLICKS,
        new StringSerializer(), AvroSerde.of(ProcessedClick.class));
    String visitor = visitor();
    Click bot = Click.newBuilder().setClickId(ClickId.create(NOW.minusSeconds(20).toEpochMilli(), visitor, false))
        .setVisitorId(visitor).setTime(NOW.minusSeconds(20)).setAffiliateId(1L).setCreativeId(11L).setOfferId(OFFER)
        .setCampaignId(21L).setPayoutMicros(PAYOUT).build();
    Click person = Click.newBuilder(bot).setClickId(ClickId.create(NOW.minusSeconds(10).toEpochMilli(), visitor, false))
        .setTime(NOW.minusSeconds(10)).setS2("banner-1").build();
    earlier.pipeInput(visitor, new ProcessedClick(bot, Disposition.BOT, List.of("bot user agent: Googlebot"), "Robot",
        "Googlebot", null), bot.getTime());
    earlier.pipeInput(visitor, new ProcessedClick(person, Disposition.UNIQUE, List.of(), "Desktop", "Chrome",
        "Windows NT"), person.getTime());
    send(conversion(visitor, NOW).setClickId(person.getClickId()).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(List.of(person.getClickId()), decision.getCredits().stream().map(Credit::getClickId).toList());
    assertEquals("banner-1", decision.getCredits().get(0).getS2());
    assertEquals("Desktop", decision.getCredits().get(0).getDeviceClass());
    assertEquals(List.of(new ExcludedClick(bot.getClickId(), "bot: bot user agent: Googlebot")), decision.getExcluded());
  }

  @Test
  void aConversionWhoseOnlyClickIsABotIsKeptUnattributed() {
    String visitor = visitor();
    JudgedClick bot = clicked(visitor, NOW.minusSeconds(10)).setDisposition(Disposition.BOT).build();
    send(bot);
    send(conversion(visitor, NOW).setClickId(bot.getClickId()).build());

    AttributedConversion decision = onlyDecision();
    assertEquals(AttributionStatus.UNATTRIBUTED, decision.getStatus());
    assertNull(decision.getModel());
    assertEquals("bot", decision.getExcluded().get(0).getReason());
  }

  @Test
  void aConversionWithoutAnyClickIsKeptUnattributedOnceTheGraceHasPassed() {
    String visitor = visitor();
    Conversion conversion = conversion(visitor, NOW).setRevenueMicros(7_500_000).build();
    send(conversion);
    assertTrue(attributed.isEmpty(), "its click may still come");
    waitOutTheGrace();

    TestRecord<String, AttributedConversion> published = attributed.readRecord();
    assertTrue(attributed.isEmpty());
    assertEquals(visitor, published.key());
    assertEquals(NOW, published.getRecordTime(), "published at the conversion's time");
    AttributedConversion decision = published.value();
    assertEquals(AttributionStatus.UNATTRIBUTED, decision.getStatus());
    assertEquals(conversion, decision.getConversion());
    assertEquals("no click of visitor " + visitor + " on offer 5 in the 90 days before the conversion",
        decision.getNote());
  }
}
