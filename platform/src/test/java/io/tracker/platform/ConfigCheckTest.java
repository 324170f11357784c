package io.tracker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

  @Test
  void listsEveryErrorAtOnce() {
    var config = ConfigFactory.parseMap(Map.of("m.port", "99999", "m.name", "", "m.count", "many"));
    ConfigCheck check = ConfigCheck.of(config, "m");
    check.port("port");
    check.nonEmpty("name");
    check.intBetween("count", 1, 10);
    check.string("missing");
    var error = assertThrows(ConfigCheck.InvalidConfig.class, check::done);
    String message = error.getMessage();
    for (String path : new String[] {"m.port", "m.name", "m.count", "m.missing"}) {
      assertTrue(message.contains(path), message);
    }
  }

  @Test
  void readsDefaultsFromReferenceConfAndOverrides() {
    var config = ConfigCheck.load(Map.of("kafka.eventPartitions", 3));
    ConfigCheck check = ConfigCheck.of(config, "kafka");
    assertEquals(3, check.intBetween("eventPartitions", 1, 1000));
    assertEquals("127.0.0.1:9092", check.string("bootstrapServers"));
    check.done();
  }
}
