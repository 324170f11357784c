package io.tracker.clicks;

import static io.tracker.clicks.TestClicks.click;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.events.Click;
import io.tracker.events.Disposition;
import io.tracker.events.JudgedClick;
import io.tracker.platform.ConfigCheck;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ProcessedClicks;
import io.tracker.schemas.Reasons;
import io.tracker.schemas.Topics;
import io.tracker.schemas.VisitorId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each disposition rule at the edges of its window, in event time, with late and re-sent clicks. */
class ClickDispositionTopologyTest {
  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration MS = Duration.ofMillis(1);

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Click> clicks;
  private TestOutputTopic<String, JudgedClick> processed;

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  /** The defaults of reference.conf, with the given settings of clickStreams.dispositions. */
  private void start(Map<String, Object> dispositions) {
    Map<String, Object> overrides = new HashMap<>();
    dispositions.forEach((key, value) -> overrides.put("clickStreams.dispositions." + key, value));
    ClickStreamsConfig config = ClickStreamsConfig.load(ConfigCheck.load(overrides));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "click-dispositions-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(
        ClickDispositionTopology.buildTopology(new Topology(), config.dispositions(), config.clickTopicRetention(),
            UserAgents.shared()), props);
    clicks = driver.createInputTopic(Topics.CLICKS, new StringSerializer(), AvroSerde.of(Click.class));
    processed = driver.createOutputTopic(Topics.PROCESSED_CLICKS, new StringDeserializer(),
        ProcessedClicks.JUDGED);
  }

  private void start() {
    start(Map.of());
  }

  /** Sends the click at its time and returns what became of it. */
  private JudgedClick judge(Click.Builder click) {
    Click built = click.build();
    clicks.pipeInput(built.getVisitorId(), built, built.getTime());
    TestRecord<String, JudgedClick> out = processed.readRecord();
    assertEquals(built.getVisitorId(), out.key(), "same key");
    assertEquals(built.getTime(), out.getRecordTime(), "timestamp = click time");
    return out.value();
  }

  /** The reasons as the click look-up and the reports show them. */
  private static List<String> reasons(JudgedClick click) {
    return Reasons.sentences(click.getReasons(), click.getOfferId());
  }

  private Disposition dispositionOf(Click.Builder click) {
    return judge(click).getDisposition();
  }

  @Test
  void aClickIsUniqueOnceWithinTheClickCookieDaysOfItsOffer() {
    start();
    String visitor = VisitorId.mint();
    JudgedClick first = judge(click(visitor, T));

    assertEquals(Disposition.UNIQUE, first.getDisposition());
    assertEquals(List.of("no click of the same visitor (by visitor) on offer 7 within the 30 days unique window"),
        reasons(first));
    JudgedClick repeat = judge(click(visitor, T.plus(Duration.ofDays(30)).minus(MS)).setCreativeId(10));
    assertEquals(Disposition.REPEAT, repeat.getDisposition(), "just inside the 30 days");
    assertTrue(reasons(repeat).get(0).startsWith("the same visitor (by visitor) clicked offer 7 at " + T),
        reasons(repeat).toString());

    String other = VisitorId.mint();
    judge(click(other, T));
    assertEquals(Disposition.UNIQUE, dispositionOf(click(other, T.plus(Duration.ofDays(30))).setCreativeId(10)),
        "just outside the 30 days");
    assertEquals(Disposition.UNIQUE, dispositionOf(click(visitor, T.plusSeconds(60)).setOfferId(8L)),
        "another offer has a window of its own");
  }

  @Test
  void theClicksOwnCookieDaysSetTheUniqueWindow() {
    start();
    String visitor = VisitorId.mint();
    judge(click(visitor, T).setClickCookieDays(1));
    assertEquals(Disposition.REPEAT, dispositionOf(click(visitor, T.plus(Duration.ofDays(1)).minus(MS))
        .setClickCookieDays(1).setCreativeId(10)));
    assertEquals(Disposition.UNIQUE, dispositionOf(click(visitor, T.plus(Duration.ofDays(2))).setClickCookieDays(1)));
  }

  @Test
  void aDeploymentCanSetOneUniqueWindowForAllOffers() {
    start(Map.of("uniqueWindow", "2h"));
    String visitor = VisitorId.mint();
    judge(click(visitor, T));
    assertEquals(Disposition.REPEAT, dispositionOf(click(visitor, T.plus(Duration.ofHours(2)).minus(MS))
        .setCreativeId(10)));
    assertEquals(Disposition.UNIQUE, dispositionOf(click(visitor, T.plus(Duration.ofHours(4)))));
  }

  @Test
  void theSameVisitorIsTheCookieOrPerOfferTheIpAndUserAgentOrTheDevice() {
    start(Map.of("visitorIdentityByOffer", "8=IP_USER_AGENT,9=DEVICE"));
    // offer 7 (cookie): two cookies behind one IP and browser are two visitors
    judge(click(VisitorId.mint(), T));
    assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), T.plusSeconds(10))));
    // offer 8 (IP + user agent): they are one, unless the browser differs
    judge(click(VisitorId.mint(), T).setOfferId(8L));
    assertEquals(Disposition.REPEAT, dispositionOf(click(VisitorId.mint(), T.plusSeconds(10)).setOfferId(8L)));
    assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), T.plusSeconds(20)).setOfferId(8L)
        .setUserAgent(TestClicks.PHONE)));
    // offer 9 (device): the udid decides; without one the cookie does
    judge(click(VisitorId.mint(), T).setOfferId(9L).setUdid("device-1"));
    JudgedClick sameDevice = judge(click(VisitorId.mint(), T.plusSeconds(10)).setOfferId(9L).setUdid("device-1"));
    assertEquals(Disposition.REPEAT, sameDevice.getDisposition());
    assertTrue(reasons(sameDevice).get(0).startsWith("the same visitor (by device)"), reasons(sameDevice).get(0));
    String visitor = VisitorId.mint();
    judge(click(visitor, T).setOfferId(9L));
    assertEquals(Disposition.REPEAT, dispositionOf(click(visitor, T.plusSeconds(10)).setOfferId(9L)));
  }

  @Test
  void theSameRequestWithinFiveSecondsIsADoubleTap() {
    start();
    String visitor = VisitorId.mint();
    JudgedClick first = judge(click(visitor, T).setS2("a"));
    JudgedClick tap = judge(click(visitor, T.plusSeconds(5).minus(MS)).setS2("a"));

    assertEquals(Disposition.DUPLICATE, tap.getDisposition(), "just inside the 5 s");
    assertEquals("same request as click " + first.getClickId() + " at " + T
        + ", within the 5 s double-tap window", reasons(tap).get(0));
    assertEquals(2, reasons(tap).size(), "the repeat is named too: " + reasons(tap));
    String other = VisitorId.mint();
    judge(click(other, T).setS2("a"));
    assertEquals(Disposition.REPEAT, dispositionOf(click(other, T.plusSeconds(5)).setS2("a")), "just outside the 5 s");
    assertEquals(Disposition.REPEAT, dispositionOf(click(other, T.plusSeconds(6)).setS2("b")),
        "another sub id is another request");
  }

  @Test
  void knownRobotsAndRequestsWithoutUserAgentAreBotsAndCarryTheirDevice() {
    start();
    JudgedClick person = judge(click(VisitorId.mint(), T));
    assertEquals("Desktop", person.getDeviceClass());
    assertEquals("Chrome", person.getBrowser());
    assertEquals("Windows NT", person.getOs());
    JudgedClick phone = judge(click(VisitorId.mint(), T).setUserAgent(TestClicks.PHONE));
    assertEquals("Phone", phone.getDeviceClass());
    assertEquals("iOS", phone.getOs());

    JudgedClick bot = judge(click(VisitorId.mint(), T).setUserAgent(TestClicks.GOOGLEBOT));
    assertEquals(Disposition.BOT, bot.getDisposition());
    assertEquals(List.of("bot user agent: Googlebot (Robot)"), reasons(bot));
    assertEquals("Robot", bot.getDeviceClass());
    JudgedClick script = judge(click(VisitorId.mint(), T).setUserAgent(null));
    assertEquals(List.of("no user agent"), reasons(script));
    assertEquals(Disposition.BOT, judge(click(VisitorId.mint(), T).setUserAgent("curl/8.5.0")).getDisposition());
  }

  @Test
  void duplicateBeatsBotBeatsRepeat() {
    start();
    String visitor = VisitorId.mint();
    judge(click(visitor, T).setUserAgent(TestClicks.GOOGLEBOT));
    judge(click(visitor, T.plusSeconds(10)));
    JudgedClick botRepeat = judge(click(visitor, T.plusSeconds(20)).setUserAgent(TestClicks.GOOGLEBOT));
    assertEquals(Disposition.BOT, botRepeat.getDisposition());
    assertEquals(2, reasons(botRepeat).size(), "bot first, then the repeat: " + reasons(botRepeat));
    assertTrue(reasons(botRepeat).get(1).contains("clicked offer 7"));
    JudgedClick botTap = judge(click(visitor, T.plusSeconds(21)).setUserAgent(TestClicks.GOOGLEBOT));
    assertEquals(Disposition.DUPLICATE, botTap.getDisposition());
    assertEquals(3, reasons(botTap).size(), reasons(botTap).toString());
  }

  @Test
  void moreThanThirtyClicksFromOneIpWithinAMinuteAreBots() {
    start();
    sendThirtyClicksOneASecond("203.0.113.1");
    JudgedClick inside = judge(click(VisitorId.mint(), T.plusSeconds(60).minus(MS)).setIp("203.0.113.1"));
    assertEquals(Disposition.BOT, inside.getDisposition(), "the 31st click within the minute");
    assertEquals(List.of("31 clicks from IP 203.0.113.1 within 60 s (limit 30)"), reasons(inside));

    sendThirtyClicksOneASecond("203.0.113.2");
    assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), T.plusSeconds(60)).setIp("203.0.113.2")),
        "the first click's second left the minute");
  }

  @Test
  void anIpIsCountedAcrossTheMinutesTheTaskKeepsInMemoryAndThoseItReadsBack() {
    start();
    judge(click(VisitorId.mint(), T).setIp("198.51.100.9")); // fixes which minutes the task knows: from T+1m
    Instant lastMinute = T.plus(Duration.ofMinutes(3));
    for (int second = 45; second < 75; second++) {
      assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), lastMinute.plusSeconds(second))
          .setIp("203.0.113.3")));
    }
    JudgedClick over = judge(click(VisitorId.mint(), lastMinute.plusSeconds(75)).setIp("203.0.113.3"));
    assertEquals(List.of("31 clicks from IP 203.0.113.3 within 60 s (limit 30)"), reasons(over),
        "15 clicks in the minute before, 15 in this one");
    assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), lastMinute.plusSeconds(76))
        .setIp("203.0.113.4")), "a new IP in a known minute");
    JudgedClick late = judge(click(VisitorId.mint(), T.plusSeconds(50)).setIp("203.0.113.3"));
    assertEquals(Disposition.UNIQUE, late.getDisposition(), "a late click in a minute read back from the store");
  }

  @Test
  void anIpsFirstClickInAMinuteIsJournaledAtTheCommitAndItsSecondWritesItsRecord() {
    start();
    judge(click(VisitorId.mint(), T.plusSeconds(5)).setIp("203.0.113.7"));
    long minute = T.toEpochMilli() - Math.floorMod(T.toEpochMilli(), 60_000L);
    Bytes ip = BytesStores.keyOf(Hash64.of("203.0.113.7"));
    WindowStore<Bytes, IpClickRates.Seconds> records = driver.getWindowStore(ClickStores.IP_RATES);
    WindowStore<Bytes, byte[]> journal = driver.getWindowStore(ClickStores.IP_FIRST_CLICKS);
    assertNull(records.fetch(ip, minute), "no record for one click");
    try (KeyValueIterator<Windowed<Bytes>, byte[]> journaled = journal.fetchAll(minute, minute)) {
      assertTrue(journaled.hasNext(), "the commit after the click journaled it");
    }
    judge(click(VisitorId.mint(), T.plusSeconds(6)).setIp("203.0.113.7"));
    assertEquals(2, records.fetch(ip, minute).sumUpTo(59), "the second click writes both");
  }

  /** Clicks of 30 visitors from one IP at T, T+1s, ..., T+29s: none over the limit. */
  private void sendThirtyClicksOneASecond(String ip) {
    for (int second = 0; second < 30; second++) {
      assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), T.plusSeconds(second)).setIp(ip)));
    }
  }

  @Test
  void aClickEarlierInEventTimeThatArrivesLaterIsJudgedAgainstWhatArrivedBefore() {
    start();
    String visitor = VisitorId.mint();
    JudgedClick later = judge(click(visitor, T.plus(Duration.ofHours(1))).setCreativeId(10));
    JudgedClick earlier = judge(click(visitor, T));

    assertEquals(Disposition.UNIQUE, later.getDisposition(), "it came first");
    assertEquals(Disposition.REPEAT, earlier.getDisposition(), "one unique per window, whichever arrived first");
    assertTrue(reasons(earlier).get(0).contains("(click " + later.getClickId() + ")"));
    String tapper = VisitorId.mint();
    judge(click(tapper, T.plusSeconds(3)));
    assertEquals(Disposition.DUPLICATE, dispositionOf(click(tapper, T)), "a double tap that arrives out of order");
    assertEquals(Disposition.UNIQUE, dispositionOf(click(VisitorId.mint(), T.minus(Duration.ofDays(2)))),
        "a click two days late is judged like any other");
  }

  @Test
  void visitsAreFoundAcrossTheTimeBucketsTheyAreKeptInAndForgottenPastTheLongestWindow() {
    start(Map.of("uniqueWindow", "2h", "maxUniqueWindow", "2h"));
    // visitor records sit in buckets as long as the longest window plus the late-arrival limit (7 days)
    long bucket = Duration.ofHours(2).plusDays(7).toMillis();
    Instant boundary = Instant.ofEpochMilli(T.toEpochMilli() - Math.floorMod(T.toEpochMilli(), bucket) + bucket);
    String visitor = VisitorId.mint();
    Instant before = boundary.minus(Duration.ofMinutes(30));
    judge(click(visitor, before));
    JudgedClick after = judge(click(visitor, before.plus(Duration.ofHours(1))).setCreativeId(10));
    assertEquals(Disposition.REPEAT, after.getDisposition(), "found in the bucket before");
    assertTrue(reasons(after).get(0).contains(" at " + before + " "), reasons(after).get(0));
    assertEquals(Disposition.REPEAT, dispositionOf(click(visitor, before.plus(Duration.ofMinutes(150)))
        .setCreativeId(11)), "carried into the current bucket");
    assertEquals(Disposition.UNIQUE, dispositionOf(click(visitor, boundary.plusMillis(2 * bucket))),
        "two buckets later everything is past the window");
  }

  @Test
  void aClickIdSeenBeforeIsDroppedEvenWhenTheEdgeSendsItAgainHoursLater() {
    start();
    Click original = click(VisitorId.mint(), T).build();
    judge(Click.newBuilder(original));
    for (int i = 1; i <= 3; i++) {
      judge(click(VisitorId.mint(), T.plus(Duration.ofHours(i))));
    }
    clicks.pipeInput(original.getVisitorId(), original, original.getTime());

    assertTrue(processed.isEmpty(), "not emitted again");
  }

  @Test
  void aNewVisitorsClickIsLookedUpOnlyWhenTheEdgeMarksItAsSentAgain() {
    start();
    Click original = click(VisitorId.mint(), T).setNewVisitor(true).build();
    assertEquals(Disposition.UNIQUE, dispositionOf(Click.newBuilder(original)));
    clicks.pipeInput(new TestRecord<>(original.getVisitorId(), original,
        new RecordHeaders(Topics.RESENT), original.getTime()));
    assertTrue(processed.isEmpty(), "the copy sent again is found in the visitor's record and dropped");

    // without the mark the edge vouches that no click carried the visitor before: its record is not read
    Click sameVisitor = click(original.getVisitorId(), T.plusSeconds(1)).setNewVisitor(true).build();
    assertEquals(Disposition.UNIQUE, dispositionOf(Click.newBuilder(sameVisitor)), "no earlier visit looked up");
    assertEquals(Disposition.DUPLICATE, dispositionOf(click(original.getVisitorId(), T.plusSeconds(2))),
        "a click with the visitor's cookie reads the record");
  }
}
