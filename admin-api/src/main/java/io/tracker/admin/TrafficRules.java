package io.tracker.admin;

import io.tracker.catalog.Cap;
import io.tracker.catalog.CapInterval;
import io.tracker.catalog.CapType;
import io.tracker.catalog.DeviceClass;
import io.tracker.catalog.Targeting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Caps and targeting of offers and campaigns as the API takes them (names as strings, so that a wrong one gets a
 * 400 naming its field, not a parse error) and as the catalog keeps them: countries in upper case, languages in
 * lower case.
 */
final class TrafficRules {
  private TrafficRules() {}

  static final int MAX_CAPS = 16;
  static final int MAX_LIST = 300;
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

  record CapBody(String type, String interval, Long limit) {}

  record TargetingBody(List<String> countries, List<String> excludeCountries, List<String> devices,
      List<String> languages) {}

  static void validate(List<CapBody> caps, TargetingBody targeting, Validation v) {
    if (caps != null) {
      v.check(caps.size() <= MAX_CAPS, "caps: at most " + MAX_CAPS);
      for (int i = 0; i < caps.size(); i++) {
        CapBody cap = caps.get(i);
        String field = "caps[" + i + "]";
        if (cap == null) {
          v.check(false, field + " is required");
          continue;
        }
        v.check(isOneOf(cap.type(), CapType.values()), field + ".type must be one of "
            + Arrays.toString(CapType.values()) + ", not '" + cap.type() + "'");
        v.check(isOneOf(cap.interval(), CapInterval.values()), field + ".interval must be one of "
            + Arrays.toString(CapInterval.values()) + ", not '" + cap.interval() + "'");
        v.check(cap.limit() != null && cap.limit() > 0, field + ".limit must be a positive number");
      }
    }
    if (targeting != null) {
      codes(v, "targeting.countries", targeting.countries(), COUNTRIES, true, "an ISO 3166-1 alpha-2 country code");
      codes(v, "targeting.excludeCountries", targeting.excludeCountries(), COUNTRIES, true,
          "an ISO 3166-1 alpha-2 country code");
      codes(v, "targeting.languages", targeting.languages(), LANGUAGES, false, "an ISO 639-1 language code");
      if (targeting.devices() != null) {
        for (String device : targeting.devices()) {
          v.check(isOneOf(device, DeviceClass.values()), "targeting.devices: '" + device + "' is not one of "
              + Arrays.toString(DeviceClass.values()));
        }
      }
    }
  }

  private static void codes(Validation v, String field, List<String> values, Set<String> known, boolean upper,
      String what) {
    if (values == null) {
      return;
    }
    v.check(values.size() <= MAX_LIST, field + ": at most " + MAX_LIST);
    for (String value : values) {
      String code = value == null ? null : upper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
      v.check(code != null && code.length() == 2 && known.contains(code), field + ": '" + value + "' is not " + what);
    }
  }

  private static boolean isOneOf(String name, Enum<?>[] values) {
    return name != null && Arrays.stream(values).anyMatch(value -> value.name().equals(name.toUpperCase(Locale.ROOT)));
  }

  static List<Cap> caps(List<CapBody> caps) {
    List<Cap> records = new ArrayList<>();
    if (caps != null) {
      for (CapBody cap : caps) {
        records.add(new Cap(CapType.valueOf(cap.type().toUpperCase(Locale.ROOT)),
            CapInterval.valueOf(cap.interval().toUpperCase(Locale.ROOT)), cap.limit()));
      }
    }
    return records;
  }

  /** Null when nothing restricts. */
  static Targeting targeting(TargetingBody body) {
    if (body == null) {
      return null;
    }
    Targeting targeting = new Targeting(upper(body.countries()), upper(body.excludeCountries()),
        body.devices() == null ? List.of()
            : body.devices().stream().map(d -> DeviceClass.valueOf(d.toUpperCase(Locale.ROOT))).distinct().toList(),
        body.languages() == null ? List.of()
            : body.languages().stream().map(l -> l.toLowerCase(Locale.ROOT)).distinct().toList());
    boolean empty = targeting.getCountries().isEmpty() && targeting.getExcludeCountries().isEmpty()
        && targeting.getDevices().isEmpty() && targeting.getLanguages().isEmpty();
    return empty ? null : targeting;
  }

  private static List<String> upper(List<String> codes) {
    return codes == null ? List.of() : codes.stream().map(c -> c.toUpperCase(Locale.ROOT)).distinct().toList();
  }

  static List<CapBody> capBodies(List<Cap> caps) {
    return caps.stream().map(c -> new CapBody(c.getType().name(), c.getInterval().name(), c.getLimit())).toList();
  }

  static TargetingBody targetingBody(Targeting t) {
    return t == null ? null : new TargetingBody(t.getCountries(), t.getExcludeCountries(),
        t.getDevices().stream().map(Enum::name).toList(), t.getLanguages());
  }
}
