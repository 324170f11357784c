package io.tracker.admin;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import java.net.URI;

/** Everything the admin + report API reads at start, checked at once. */
public record ApiConfig(String host, int port, String adminKey, URI edgeUrl, URI clickStreamsUrl, URI attributionUrl,
    String bootstrapServers, String internalKey) {

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
        httpUrl(api, "edgeUrl"), httpUrl(api, "clickStreamsUrl"), httpUrl(api, "attributionUrl"),
        kafka.nonEmpty("bootstrapServers"), internalKey);
    api.done();
    return loaded;
  }

  private static URI httpUrl(ConfigCheck check, String key) {
    String value = check.string(key);
    try {
      URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      check.require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
          key + " must be an http(s) URL, not '" + value + "'");
      return uri;
    } catch (IllegalArgumentException e) {
      check.require(false, key + " is not a URL: '" + value + "'");
      return URI.create("http://invalid");
    }
  }
}
