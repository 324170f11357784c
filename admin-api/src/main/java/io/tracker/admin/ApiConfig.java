package io.tracker.admin;

import io.tracker.platform.caps.CapPeriods;
import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import io.tracker.platform.postback.PostbackTargets;
import java.net.URI;

/**
 * Everything the admin + report API reads at start, checked at once. Each Streams app is reached through a list of
 * its instances, asked in order until one answers: any of them answers for all.
 */
public record ApiConfig(String host, int port, String adminKey, URI edgeUrl, AppInstances clickStreams,
    AppInstances attribution, AppInstances postbacks, String bootstrapServers, String internalKey,
    PostbackTargets postbackTargets, CapPeriods capPeriods) {

  static final int MIN_KEY_LENGTH = 8;

  public static ApiConfig load(Config config) {
    ConfigCheck api = ConfigCheck.of(config, "api");
    ConfigCheck kafka = api.section("kafka");
    String adminKey = api.string("adminKey");
    api.require(adminKey.length() >= MIN_KEY_LENGTH,
        "adminKey (TRACKER_ADMIN_KEY) must be set, at least " + MIN_KEY_LENGTH + " characters");
    String internalKey = api.section("internal").string("key");
    api.require(internalKey.length() >= MIN_KEY_LENGTH,
        "the internal key (TRACKER_INTERNAL_KEY) must be set, at least " + MIN_KEY_LENGTH + " characters");
    ApiConfig loaded = new ApiConfig(api.nonEmpty("host"), api.port("port"), adminKey,
        api.httpUrl("edgeUrl"), new AppInstances("click-streams", api.httpUrls("clickStreamsUrl")),
        new AppInstances("attribution", api.httpUrls("attributionUrl")),
        new AppInstances("the postback service", api.httpUrls("postbacksUrl")), kafka.nonEmpty("bootstrapServers"),
        internalKey, PostbackTargets.read(api), CapPeriods.load(config));
    api.done();
    return loaded;
  }
}
