package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracker.events.VisitorIdentity;

import io.tracker.platform.ConfigCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickStreamsConfigTest {

  @Test
  void readsItsSectionAndKafkasBootstrapServers() {
    ClickStreamsConfig config = ClickStreamsConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", "broker-1:9092", "clickStreams.queryPort", 9182,
        "clickStreams.stateDir", "state", "clickStreams.reportRetention", "30d")));

    assertEquals("broker-1:9092", config.streams().bootstrapServers());
    assertEquals(9182, config.streams().queryPort());
    assertEquals(Path.of("state"), config.streams().stateDir());
    assertEquals(Duration.ofDays(30), config.reports().reportRetention());
  }

  @Test
  void readsTheDispositionRulesWithTheirDefaults() {
    DispositionRules rules = ClickStreamsConfig.load(ConfigCheck.load(Map.of(
        "clickStreams.dispositions.visitorIdentityByOffer", " 12=device, 15=IP_USER_AGENT ",
        "clickStreams.dispositions.ipClickLimit", 50))).dispositions();

    assertEquals(VisitorIdentity.DEVICE, rules.identityFor(12));
    assertEquals(VisitorIdentity.IP_USER_AGENT, rules.identityFor(15));
    assertEquals(VisitorIdentity.VISITOR, rules.identityFor(7), "the default for other offers");
    assertEquals(Duration.ofSeconds(5), rules.doubleTapWindow());
    assertEquals(50, rules.ipClickLimit());
    assertEquals(Duration.ofMinutes(1), rules.ipRateWindow());
    assertEquals(Duration.ofDays(7), rules.lateArrivalLimit());
    assertEquals(DispositionRules.COOKIE_DAYS, rules.uniqueWindow(), "each click's own cookie days");
  }

  @Test
  void listsEveryErrorAtOnce() {
    var error = assertThrows(ConfigCheck.InvalidConfig.class, () -> ClickStreamsConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", "", "clickStreams.applicationId", "", "clickStreams.queryPort", 0,
        "clickStreams.reportRetention", "10m", "internal.key", "short",
        "clickStreams.dispositions.visitorIdentityByOffer", "12=COOKIE,x=DEVICE,15",
        "clickStreams.dispositions.ipRateWindow", "1500ms",
        "clickStreams.dispositions.uniqueWindow", "400d"))));

    for (String problem : new String[] {"kafka.bootstrapServers", "clickStreams.applicationId",
        "clickStreams.queryPort", "reportRetention must be at least", "'COOKIE' is not one of",
        "'x=DEVICE' is not offerId=MODE", "'15' is not offerId=MODE", "ipRateWindow must be whole seconds",
        "uniqueWindow must lie between", "internal key (TRACKER_INTERNAL_KEY) must be set"}) {
      assertTrue(error.getMessage().contains(problem), error.getMessage());
    }
  }
}
