package io.tracker.edge;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;

/** Everything the edge reads at start, checked at once (see reference.conf for defaults and variables). */
public record EdgeConfig(String host, int port, String cookieDomain, int visitorCookieDays, int ioThreads,
    String bootstrapServers) {

  public static EdgeConfig load(Config config) {
    ConfigCheck edge = ConfigCheck.of(config, "edge");
    ConfigCheck kafka = edge.section("kafka");
    EdgeConfig loaded = new EdgeConfig(
        edge.nonEmpty("host"),
        edge.port("port"),
        edge.string("cookieDomain"),
        edge.intBetween("visitorCookieDays", 1, 400),
        edge.intBetween("ioThreads", 1, 64),
        kafka.nonEmpty("bootstrapServers"));
    edge.done();
    return loaded;
  }
}
