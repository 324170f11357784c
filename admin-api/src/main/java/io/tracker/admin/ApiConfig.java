package io.tracker.admin;

import com.typesafe.config.Config;
import io.tracker.platform.ConfigCheck;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the admin + report API reads at start, checked at once. Each Streams app is reached through a list of
 * its instances, asked in order until one answers: any of them answers for all.
 */
public record ApiConfig(String host, int port, String adminKey, URI edgeUrl, List<URI> clickStreamsUrls,
    List<URI> attributionUrls, String bootstrapServers, String internalKey) {

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
        httpUrl(api, "edgeUrl", api.string("edgeUrl")), httpUrls(api, "clickStreamsUrl"), httpUrls(api, "attributionUrl"),
        kafka.nonEmpty("bootstrapServers"), internalKey);
    api.done();
    return loaded;
  }

  /** A comma-separated list of URLs, at least one. */
  private static List<URI> httpUrls(ConfigCheck check, String key) {
    List<String> values = Arrays.stream(check.string(key).split(",")).map(String::strip)
        .filter(value -> !value.isEmpty()).toList();
    check.require(!values.isEmpty(), key + " must name at least one http(s) URL");
    return values.stream().map(value -> httpUrl(check, key, value)).toList();
  }

  private static URI httpUrl(ConfigCheck check, String key, String value) {
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
