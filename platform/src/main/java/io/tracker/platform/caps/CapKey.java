package io.tracker.platform.caps;

import io.tracker.catalog.CapInterval;
import io.tracker.catalog.CapScope;
import io.tracker.catalog.CapType;

/**
 * One cap's count in one period: "OFFER:12:CLICKS:DAILY:1764201600000". On {@code tracker.caps.counts} each
 * click-streams task writes its own part of it, under the key with "/" and its partition appended.
 */
public record CapKey(CapScope scope, long id, CapType type, CapInterval interval, long periodStart) {

  public String text() {
    return scope + ":" + id + ":" + type + ":" + interval + ":" + periodStart;
  }

  /** The key of one task's part of the count. */
  public String partial(int partition) {
    return text() + "/" + partition;
  }

  /** The key of a partial count (the text before its "/"), or null when the text is not one. */
  public static CapKey parsePartial(String partial) {
    int slash = partial.lastIndexOf('/');
    String[] parts = (slash < 0 ? partial : partial.substring(0, slash)).split(":");
    if (parts.length != 5) {
      return null;
    }
    try {
      return new CapKey(CapScope.valueOf(parts[0]), Long.parseLong(parts[1]), CapType.valueOf(parts[2]),
          CapInterval.valueOf(parts[3]), Long.parseLong(parts[4]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
