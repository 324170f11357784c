package io.tracker.postbacks;

import static io.tracker.postbacks.Conversions.OFFER;
import static io.tracker.postbacks.Conversions.attributed;
import static io.tracker.postbacks.Conversions.postback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.catalog.Postback;
import io.tracker.catalog.Status;
import io.tracker.events.AttributedConversion;
import io.tracker.events.AttributionStatus;
import io.tracker.events.ConversionChange;
import io.tracker.events.ConversionStatus;
import io.tracker.events.Credit;
import io.tracker.events.PostbackAttempt;
import io.tracker.events.PostbackCall;
import io.tracker.events.PostbackCallState;
import io.tracker.events.PostbackStatus;
import io.tracker.platform.Catalog;
import io.tracker.platform.ConfigCheck;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostbackTopologyTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
  private static final String URL = "https://aff.example/pb?lead=#leadid#&click={click_id}&price=#price#&t=#tid#"
      + "&o=#oid#&a=#affid#&c=#campid#&s1=#s1#&s2=#s2#&e=#e#&ts=#utcunixtime#&udid={udid}";

  private final AtomicReference<Catalog> catalog = new AtomicReference<>(Catalog.EMPTY);
  private TopologyTestDriver driver;
  private TestInputTopic<String, AttributedConversion> attributed;
  private TestInputTopic<String, PostbackAttempt> attempts;
  private TestInputTopic<String, ConversionChange> changes;
  private TestOutputTopic<String, PostbackCall> calls;
  private TestOutputTopic<String, PostbackCallState> pending;

  @TempDir Path state;

  @BeforeEach
  void start() {
    PostbackConfig config = PostbackConfig.load(ConfigCheck.load(Map.of("postbacks.stateDir", state.toString())));
    driver = new TopologyTestDriver(PostbackTopology.build(config.reportRetention(), catalog::get),
        PostbackApp.streamsConfig(config));
    attributed = driver.createInputTopic(Topics.ATTRIBUTED_CONVERSIONS, Serdes.String().serializer(),
        AvroSerde.of(AttributedConversion.class));
    changes = driver.createInputTopic(Topics.CONVERSION_CHANGES, Serdes.String().serializer(),
        AvroSerde.of(ConversionChange.class));
    attempts = driver.createInputTopic(Topics.POSTBACK_ATTEMPTS, Serdes.String().serializer(),
        AvroSerde.of(PostbackAttempt.class));
    calls = driver.createOutputTopic(Topics.POSTBACK_CALLS, Serdes.String().deserializer(),
        AvroSerde.of(PostbackCall.class));
    pending = driver.createOutputTopic(Topics.POSTBACK_PENDING, Serdes.String().deserializer(),
        AvroSerde.of(PostbackCallState.class));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void postbacks(Postback... postbacks) {
    catalog.set(Catalog.of(List.of(), List.of(), List.of(), List.of(), List.of(), null, List.of(postbacks)));
  }

  private void pipe(AttributedConversion decision) {
    attributed.pipeInput(decision.getConversion().getVisitorId(), decision, decision.getConversion().getTime());
  }

  @Test
  void aLinearConversionCallsEachCreditedAffiliatesMatchingPostbacksWithItsOwnShare() {
    postbacks(postback(1, 1, null, null, URL),
        postback(2, 2, OFFER, "sale", "https://south.example/pb?lead={conversion_id}&p={payout}"),
        postback(3, 2, null, null, "https://south.example/paused"),
        postback(4, 1, 99L, null, "https://north.example/other-offer"),
        postback(5, 1, null, "lead", "https://north.example/other-event"));
    catalog.set(Catalog.of(List.of(), List.of(), List.of(), List.of(), List.of(), null,
        List.of(catalog.get().postback(1), catalog.get().postback(2), paused(catalog.get().postback(3)),
            catalog.get().postback(4), catalog.get().postback(5))));
    AttributedConversion decision = attributed(NOW, "SALE", "order 1&x",
        new Conversions.Share(1, "news feed", 1_500_000), new Conversions.Share(2, null, 1_000_000),
        new Conversions.Share(1, "mail", 500_000)).build();
    pipe(decision);

    List<PostbackCall> made = calls.readValuesToList();
    String conversionId = decision.getConversion().getConversionId();
    assertEquals(List.of(conversionId + ".0.1", conversionId + ".1.2", conversionId + ".2.1"),
        made.stream().map(PostbackCall::getCallId).toList());
    String clickId = decision.getCredits().get(0).getClickId();
    assertEquals("https://aff.example/pb?lead=" + conversionId + "&click=" + clickId + "&price=1.5&t=order%201%26x"
        + "&o=10&a=1&c=101&s1=news%20feed&s2=#s2#&e=SALE&ts=" + NOW.getEpochSecond() + "&udid={udid}",
        made.get(0).getUrl(), "what the conversion knows is filled; the click's own tokens wait for the sender");
    assertEquals("https://south.example/pb?lead=" + conversionId + "&p=1", made.get(1).getUrl());
    assertTrue(made.get(2).getUrl().startsWith("https://aff.example/pb?lead=" + conversionId + "-2&"),
        "North's second credit has a lead id of its own: " + made.get(2).getUrl());
    assertTrue(made.get(2).getUrl().contains("&price=0.5&"), made.get(2).getUrl());

    List<TestRecord<String, PostbackCallState>> states = pending.readRecordsToList();
    assertEquals(3, states.size());
    assertEquals(PostbackStatus.PENDING, states.get(0).value().getStatus());
    assertEquals(0, states.get(0).value().getAttempts());
  }

  @Test
  void duplicateUnattributedAndTestConversionsCallNothing() {
    postbacks(postback(1, 1, null, null, URL));
    Conversions.Share north = new Conversions.Share(1, null, 1_000_000);
    pipe(attributed(NOW, null, null, north).setStatus(AttributionStatus.DUPLICATE).build());
    pipe(attributed(NOW, null, null, north).setStatus(AttributionStatus.UNATTRIBUTED).build());
    AttributedConversion.Builder test = attributed(NOW, null, null, north);
    test.getConversion().setTest(true);
    pipe(test.build());
    assertTrue(calls.isEmpty());
    assertTrue(pending.isEmpty());
  }

  @Test
  void aPostbackFiresForConversionsFromItsCreationOn() {
    postbacks(new Postback(1L, 1L, null, null, URL, Status.ACTIVE, NOW));
    Conversions.Share north = new Conversions.Share(1, null, 1_000_000);
    pipe(attributed(NOW.minusMillis(1), null, null, north).build());
    assertTrue(calls.isEmpty(), "a conversion older than the postback");
    pipe(attributed(NOW, null, null, north).build());
    assertEquals(1, calls.readValuesToList().size());
  }

  @Test
  void aConversionDecidedAgainMakesNoSecondCall() {
    postbacks(postback(1, 1, null, null, URL));
    AttributedConversion decision = attributed(NOW, null, null, new Conversions.Share(1, null, 1_000_000)).build();
    pipe(decision);
    pipe(decision);
    assertEquals(2, calls.readValuesToList().size(), "the decision is written again...");
    assertEquals(1, pending.readValuesToList().size(), "...and made once");
  }

  @Test
  void aHeldConversionFiresOnlyWhenApprovedAndOnceHoweverOftenItIsApproved() {
    postbacks(postback(1, 1, null, null, URL));
    AttributedConversion held = attributed(NOW, null, null, new Conversions.Share(1, null, 1_000_000))
        .setConversionStatus(ConversionStatus.PENDING).build();
    pipe(held);
    assertTrue(calls.isEmpty(), "pending: nothing fires");

    AttributedConversion approved = AttributedConversion.newBuilder(held).setConversionStatus(ConversionStatus.APPROVED)
        .build();
    AttributedConversion rejected = AttributedConversion.newBuilder(held).setConversionStatus(ConversionStatus.REJECTED)
        .build();
    change(held, rejected);
    assertTrue(calls.isEmpty(), "rejected: nothing fires");
    change(rejected, approved);
    List<PostbackCall> made = calls.readValuesToList();
    assertEquals(List.of(held.getConversion().getConversionId() + ".0.1"),
        made.stream().map(PostbackCall::getCallId).toList(), "approved: the decision's calls");
    change(approved, AttributedConversion.newBuilder(approved).setCredits(List.of(Credit.newBuilder(
        approved.getCredits().get(0)).setPayoutMicros(2_000_000L).build())).build());
    assertTrue(calls.isEmpty(), "re-priced while approved: approved before, nothing new fires");
    change(approved, held);
    change(held, approved);
    assertEquals(1, calls.readValuesToList().size(), "approved again: the same call is decided again...");
    assertEquals(1, pending.readValuesToList().size(), "...and made once");
  }

  private void change(AttributedConversion before, AttributedConversion after) {
    changes.pipeInput(after.getConversion().getVisitorId(), new ConversionChange(before, after),
        after.getConversion().getTime());
  }

  @Test
  void attemptsMoveTheCallOnUntilItIsDeliveredAndNothingAfter() {
    postbacks(postback(1, 1, null, null, "https://aff.example/pb?lead=#leadid#"));
    AttributedConversion decision = attributed(NOW, null, null, new Conversions.Share(1, null, 1_000_000)).build();
    pipe(decision);
    PostbackCallState state = pending.readValue();
    String callId = state.getCall().getCallId();
    Instant first = NOW.plusSeconds(1);

    attempts.pipeInput(callId, attempt(callId, 1, first, 500, PostbackStatus.PENDING, first.plusSeconds(10)));
    PostbackCallState retry = pending.readValue();
    assertEquals(1, retry.getAttempts());
    assertEquals(first.plusSeconds(10), retry.getNextAttemptAt());
    assertEquals(first, retry.getFirstAttemptAt());
    assertEquals(500, retry.getLastHttpStatus());
    assertEquals("https://aff.example/pb?lead=" + decision.getConversion().getConversionId(), retry.getSentUrl());

    attempts.pipeInput(callId, attempt(callId, 1, first, 500, PostbackStatus.PENDING, first.plusSeconds(10)));
    assertTrue(pending.isEmpty(), "an attempt recorded twice counts once");

    attempts.pipeInput(callId, attempt(callId, 2, first.plusSeconds(10), 200, PostbackStatus.DELIVERED, null));
    TestRecord<String, PostbackCallState> delivered = pending.readRecord();
    assertEquals(callId, delivered.key());
    assertNull(delivered.value(), "a delivered call leaves the pending topic");

    attempts.pipeInput(callId, attempt(callId, 3, first.plusSeconds(20), 200, PostbackStatus.DELIVERED, null));
    assertTrue(pending.isEmpty(), "a late duplicate changes nothing");
    pipe(decision);
    assertTrue(pending.isEmpty(), "nor does the conversion decided again");
  }

  private static PostbackAttempt attempt(String callId, int number, Instant at, int status, PostbackStatus after,
      Instant next) {
    return new PostbackAttempt(callId, NOW, number, at, "https://aff.example/pb?lead=" + callId.split("\\.")[0],
        status, status == 200 ? null : "HTTP " + status, after, next);
  }

  private static Postback paused(Postback postback) {
    return Postback.newBuilder(postback).setStatus(Status.PAUSED).build();
  }
}
