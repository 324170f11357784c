package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracker.catalog.DeviceClass;
import java.util.List;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.junit.jupiter.api.Test;

/**
 * The edge's cheap device classes agree with Yauaa's DeviceClass, which click-streams puts in the device column,
 * on the agents that make most of a network's traffic: Phone is MOBILE, Tablet is TABLET, Desktop is DESKTOP.
 */
class DeviceClassifierTest {
  static final List<String> COMMON_AGENTS = List.of(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
      "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0",
      "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/126.3.1 like Chrome/126.0.6478.71 Safari/537.36");

  @Test
  void agreesWithClickStreamsDeviceColumnOnCommonAgents() {
    UserAgentAnalyzer yauaa = UserAgentAnalyzer.newBuilder().withField(UserAgent.DEVICE_CLASS).hideMatcherLoadStats()
        .withCache(0).build();
    for (String agent : COMMON_AGENTS) {
      String yauaaClass = yauaa.parse(agent).getValue(UserAgent.DEVICE_CLASS);
      DeviceClass expected = switch (yauaaClass) {
        case "Phone", "Mobile" -> DeviceClass.MOBILE;
        case "Tablet" -> DeviceClass.TABLET;
        default -> DeviceClass.DESKTOP;
      };
      assertEquals(expected, DeviceClassifier.of(agent), agent + " (Yauaa: " + yauaaClass + ")");
    }
  }

  @Test
  void remembersABoundedNumberOfAgents() {
    DeviceClassifier classifier = new DeviceClassifier();
    for (int i = 0; i < 3 * DeviceClassifier.CACHE_SIZE; i++) {
      assertEquals(DeviceClass.MOBILE, classifier.classify("Mozilla/5.0 (iPhone; build " + i + ") Mobile"));
    }
    assertEquals(DeviceClass.DESKTOP, classifier.classify(null));
  }
}
