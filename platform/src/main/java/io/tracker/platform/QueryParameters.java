package io.tracker.platform;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query parameters of a report, for every Streams app's report queries: each known name at most once, a blank
 * value as if left out, and every problem collected so that one 400 names them all.
 */
public final class QueryParameters {
  /** The range of a report that names neither end: the day up to now. */
  public static final Duration DEFAULT_RANGE = Duration.ofDays(1);

  /** [from, to) of the report's times. */
  public record TimeRange(Instant from, Instant to) {}

  private final Map<String, String> values = new HashMap<>();
  private final List<String> errors = new ArrayList<>();

  public QueryParameters(Map<String, ? extends Collection<String>> given, List<String> known) {
    given.forEach((name, list) -> {
      if (!known.contains(name)) {
        errors.add("unknown parameter '" + name + "'; known: " + String.join(", ", known));
      } else if (list.size() > 1) {
        errors.add(name + " is given more than once");
      } else {
        list.stream().filter(value -> !value.isBlank()).forEach(value -> values.put(name, value.strip()));
      }
    });
  }

  /** An ISO-8601 instant such as 2026-01-31T00:00:00Z. */
  public Instant instant(String name, Instant fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '" + value + "'");
      return fallback;
    }
  }

  /** from and to, each defaulting from the other (to: now; from: a day before to); from must come first. */
  public TimeRange range(Instant now) {
    Instant to = instant("to", now);
    Instant from = instant("from", to.minus(DEFAULT_RANGE));
    check(from.isBefore(to), "from must be before to");
    return new TimeRange(from, to);
  }

  /** A catalog id, or null when left out. */
  public Long id(String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      errors.add(name + " must be a whole number, not '" + value + "'");
      return null;
    }
  }

  /** true or false; false when left out. */
  public boolean flag(String name) {
    String value = values.getOrDefault(name, "false");
    check(value.equals("true") || value.equals("false"), name + " must be true or false, not '" + value + "'");
    return value.equals("true");
  }

  /** One constant of the enum, by name in any case, or null when left out. */
  public <E extends Enum<E>> E choice(String name, Class<E> type) {
    String value = values.get(name);
    return value == null ? null : constant(name, type, value);
  }

  /** A comma-separated list of the enum's constants, or the fallback when left out. */
  public <E extends Enum<E>> List<E> choices(String name, Class<E> type, List<E> fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).filter(item -> !item.isBlank())
        .map(item -> constant(name, type, item.strip())).filter(constant -> constant != null).distinct().toList();
  }

  /** A comma-separated list of values, empty when left out. */
  public List<String> list(String name) {
    String value = values.get(name);
    return value == null ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).distinct().toList();
  }

  /** Free text, or null when left out. */
  public String text(String name) {
    return values.get(name);
  }

  private <E extends Enum<E>> E constant(String name, Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      errors.add(name + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
      return null;
    }
  }

  public void check(boolean condition, String error) {
    if (!condition) {
      errors.add(error);
    }
  }

  /** The query that read makes of the known parameters given; a 400 naming every problem found, at once. */
  public static <Q> Q read(Map<String, ? extends Collection<String>> given, List<String> known,
      Function<QueryParameters, Q> read) {
    QueryParameters parameters = new QueryParameters(given, known);
    Q query = read.apply(parameters);
    parameters.done();
    return query;
  }

  /** Throws a 400 naming every problem found so far. */
  public void done() {
    if (!errors.isEmpty()) {
      throw new HttpErrors.BadRequest(errors);
    }
  }

  /**
   * The values by name, in their order, as a query string that these same readers parse back: nulls left out, a
   * collection as its items joined by commas.
   */
  public static String queryString(Map<String, ?> values) {
    return queryString(values.entrySet().stream().flatMap(entry -> Stream.of(entry.getKey(), entry.getValue()))
        .toArray());
  }

  /** Names and values, alternately: see {@link #queryString(Map)}. */
  public static String queryString(Object... namesAndValues) {
    StringJoiner query = new StringJoiner("&");
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1] instanceof Collection<?> items
          ? items.stream().map(String::valueOf).collect(Collectors.joining(",")) : namesAndValues[i + 1];
      if (value != null) {
        // URLEncoder writes form encoding: %20 keeps a space a space for any query string parser
        query.add(namesAndValues[i] + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)
            .replace("+", "%20"));
      }
    }
    return query.toString();
  }
}
