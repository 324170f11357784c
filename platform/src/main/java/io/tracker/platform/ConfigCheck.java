package io.tracker.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads one module's typed config from Typesafe Config (each module's {@code reference.conf} holds the
 * defaults and the environment variables that override them) and collects every problem, so that a bad start
 * lists all of them at once instead of the first.
 *
 * <pre>
 *   ConfigCheck check = ConfigCheck.of(config, "edge");
 *   var cfg = new EdgeConfig(check.port("port"), check.string("bootstrapServers"));
 *   check.done();   // throws InvalidConfig naming every error
 * </pre>
 */
public final class ConfigCheck {
  private final Config config;
  private final String section;
  private final List<String> errors;

  private ConfigCheck(Config config, String section, List<String> errors) {
    this.config = config;
    this.section = section;
    this.errors = errors;
  }

  /** The whole configuration: the given overrides (tests, the launcher), then environment, then defaults. */
  public static Config load(Map<String, ?> overrides) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve();
  }

  public static ConfigCheck of(Config config, String section) {
    return new ConfigCheck(config, section, new ArrayList<>());
  }

  /** Reads another section into the same list of errors (e.g. a module's own section and "kafka"). */
  public ConfigCheck section(String otherSection) {
    return new ConfigCheck(config, otherSection, errors);
  }

  private String path(String key) {
    return section + "." + key;
  }

  private <T> T read(String key, T fallback, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      errors.add(path(key) + ": " + e.getMessage());
      return fallback;
    }
  }

  public String string(String key) {
    String value = read(key, "", () -> config.getString(path(key)));
    return value;
  }

  public String nonEmpty(String key) {
    String value = string(key);
    if (value.isBlank()) {
      errors.add(path(key) + ": must not be empty");
    }
    return value;
  }

  /** Longer than any setting means: a hundred years. */
  private static final Duration LONGEST = Duration.ofDays(36_500);

  public int intBetween(String key, int min, int max) {
    return between(key, min, max, () -> config.getInt(path(key)));
  }

  public int port(String key) {
    return intBetween(key, 0, 65_535);
  }

  public double doubleBetween(String key, double min, double max) {
    return between(key, min, max, () -> config.getDouble(path(key)));
  }

  /** A size such as 64MiB or 1GiB. */
  public long bytesBetween(String key, long min, long max) {
    return between(key, min, max, () -> config.getBytes(path(key)));
  }

  /** A duration such as 100ms, 10s or 90d, within min..max. */
  public Duration durationBetween(String key, Duration min, Duration max) {
    Duration value = read(key, min, () -> config.getDuration(path(key)));
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      errors.add(path(key) + ": " + readable(value) + (max.equals(LONGEST) ? " is less than " + readable(min)
          : " is outside " + readable(min) + ".." + readable(max)));
    }
    return value;
  }

  /** 10s, 0.5s, 24h: the ISO form without its prefix. */
  private static String readable(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** A duration of at least min. */
  public Duration durationAtLeast(String key, Duration min) {
    return durationBetween(key, min, LONGEST);
  }

  private <T extends Comparable<T>> T between(String key, T min, T max, Supplier<T> reader) {
    T value = read(key, min, reader);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      errors.add(path(key) + ": " + value + " is outside " + min + ".." + max);
    }
    return value;
  }

  public boolean bool(String key) {
    return read(key, false, () -> config.getBoolean(path(key)));
  }

  public Duration duration(String key) {
    return read(key, Duration.ZERO, () -> config.getDuration(path(key)));
  }

  /** An absolute http(s) URL of another process (without a trailing slash), e.g. where a Streams app answers. */
  public URI httpUrl(String key) {
    return httpUrl(key, string(key));
  }

  /** A comma-separated list of http(s) URLs, at least one: the instances of an app, asked in order. */
  public List<URI> httpUrls(String key) {
    List<String> values = Arrays.stream(string(key).split(",")).map(String::strip)
        .filter(value -> !value.isEmpty()).toList();
    require(!values.isEmpty(), key + " must name at least one http(s) URL");
    return values.stream().map(value -> httpUrl(key, value)).toList();
  }

  private URI httpUrl(String key, String value) {
    try {
      URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
          key + " must be an http(s) URL, not '" + value + "'");
      return uri;
    } catch (IllegalArgumentException e) {
      require(false, key + " is not a URL: '" + value + "'");
      return URI.create("http://invalid");
    }
  }

  /** Adds an error found by a check across several values. */
  public void require(boolean condition, String error) {
    if (!condition) {
      errors.add(section + ": " + error);
    }
  }

  /** Throws {@link InvalidConfig} listing every error found so far. */
  public void done() {
    if (!errors.isEmpty()) {
      throw new InvalidConfig(section, errors);
    }
  }

  /** A configuration that cannot start: every problem, one per line. */
  public static final class InvalidConfig extends RuntimeException {
    public InvalidConfig(String section, List<String> errors) {
      super("invalid " + section + " configuration:\n  - " + String.join("\n  - ", errors));
    }
  }
}
