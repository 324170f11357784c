package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    assertEquals("broker-1:9092", config.bootstrapServers());
    assertEquals(9182, config.queryPort());
    assertEquals(Path.of("state"), config.stateDir());
    assertEquals(Duration.ofDays(30), config.reportRetention());
  }

  @Test
  void listsEveryErrorAtOnce() {
    var error = assertThrows(ConfigCheck.InvalidConfig.class, () -> ClickStreamsConfig.load(ConfigCheck.load(Map.of(
        "kafka.bootstrapServers", "", "clickStreams.applicationId", "", "clickStreams.queryPort", 0,
        "clickStreams.reportRetention", "10m"))));

    for (String problem : new String[] {"kafka.bootstrapServers", "clickStreams.applicationId",
        "clickStreams.queryPort", "reportRetention must be at least"}) {
      assertTrue(error.getMessage().contains(problem), error.getMessage());
    }
  }
}
