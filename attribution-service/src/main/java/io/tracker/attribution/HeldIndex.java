package io.tracker.attribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the held conversions that an arriving click or the clock releases, without reading the held store: by
 * conversion time (a click at or after it completes the history before it), by the click each names, and by
 * deadline. One per task, in memory, rebuilt from the held store when the task starts.
 */
final class HeldIndex {
  private record Entry(long conversionTime, String namedClickId, long deadline) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private final NavigableMap<Long, Set<String>> byConversionTime = new TreeMap<>();
  private final NavigableMap<Long, Set<String>> byDeadline = new TreeMap<>();
  private final Map<String, Set<String>> byNamedClick = new HashMap<>();

  void add(String conversionId, long conversionTime, String namedClickId, long deadline) {
    entries.put(conversionId, new Entry(conversionTime, namedClickId, deadline));
    byConversionTime.computeIfAbsent(conversionTime, time -> new LinkedHashSet<>()).add(conversionId);
    byDeadline.computeIfAbsent(deadline, time -> new LinkedHashSet<>()).add(conversionId);
    if (namedClickId != null) {
      byNamedClick.computeIfAbsent(namedClickId, click -> new HashSet<>()).add(conversionId);
    }
  }

  void remove(String conversionId) {
    Entry entry = entries.remove(conversionId);
    if (entry == null) {
      return;
    }
    removeFrom(byConversionTime, entry.conversionTime(), conversionId);
    removeFrom(byDeadline, entry.deadline(), conversionId);
    if (entry.namedClickId() != null) {
      removeFrom(byNamedClick, entry.namedClickId(), conversionId);
    }
  }

  /** Conversions whose history a click completes: those it names, and every one at or before the clicks' time. */
  List<String> releasedByClick(String clickId, long clickWatermark) {
    if (entries.isEmpty()) {
      return List.of(); // the usual case, on every click
    }
    Set<String> released = new LinkedHashSet<>(byNamedClick.getOrDefault(clickId, Set.of()));
    byConversionTime.headMap(clickWatermark, true).values().forEach(released::addAll);
    return new ArrayList<>(released);
  }

  /** Conversions that have waited their whole grace by {@code now}, oldest deadline first. */
  List<String> overdue(long now) {
    List<String> overdue = new ArrayList<>();
    byDeadline.headMap(now, true).values().forEach(overdue::addAll);
    return overdue;
  }

  private static <K> void removeFrom(Map<K, Set<String>> index, K key, String conversionId) {
    Set<String> ids = index.get(key);
    if (ids != null && ids.remove(conversionId) && ids.isEmpty()) {
      index.remove(key);
    }
  }
}
