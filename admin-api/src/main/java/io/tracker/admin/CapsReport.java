package io.tracker.admin;

import io.tracker.catalog.Cap;
import io.tracker.catalog.CapScope;
import io.tracker.platform.Catalog;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.caps.CapCounts;
import io.tracker.platform.caps.CapKey;
import io.tracker.platform.caps.CapPeriods;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/reports/caps?offerId=&campaignId=}: every cap of the catalog's offers and campaigns (or of the
 * one asked for) with its use in the current period, from the counts click-streams publishes and the edge enforces
 * from (the same topic, read the same way), so the report shows what the edge goes by.
 */
final class CapsReport {
  record Row(CapScope scope, long id, String type, String interval, long limit, long used, String periodStart,
      boolean reached) {}

  private final Supplier<Catalog> catalog;
  private final CapCounts counts;
  private final CapPeriods periods;
  private final Clock clock;

  CapsReport(Supplier<Catalog> catalog, CapCounts counts, CapPeriods periods, Clock clock) {
    this.catalog = catalog;
    this.counts = counts;
    this.periods = periods;
    this.clock = clock;
  }

  void handle(HttpServerExchange exchange) {
    Long offerId = id(exchange.getQueryParameters(), "offerId");
    Long campaignId = id(exchange.getQueryParameters(), "campaignId");
    long now = clock.millis();
    Catalog snapshot = catalog.get();
    List<Row> rows = new ArrayList<>();
    if (campaignId == null) {
      snapshot.offers().values().stream().filter(o -> offerId == null || o.getId() == offerId.longValue())
          .forEach(o -> o.getCaps().forEach(cap -> rows.add(row(CapScope.OFFER, o.getId(), cap, now))));
    }
    if (offerId == null || campaignId != null) {
      snapshot.campaigns().values().stream().filter(c -> campaignId == null || c.getId() == campaignId.longValue())
          .forEach(c -> c.getCaps().forEach(cap -> rows.add(row(CapScope.CAMPAIGN, c.getId(), cap, now))));
    } else {
      snapshot.campaigns().values().stream().filter(c -> c.getOfferId() == offerId.longValue())
          .forEach(c -> c.getCaps().forEach(cap -> rows.add(row(CapScope.CAMPAIGN, c.getId(), cap, now))));
    }
    Http.sendJson(exchange, 200, Map.of("rows", rows));
  }

  private Row row(CapScope scope, long id, Cap cap, long now) {
    long start = periods.start(cap.getInterval(), now);
    long used = counts.used(new CapKey(scope, id, cap.getType(), cap.getInterval(), start));
    return new Row(scope, id, cap.getType().name(), cap.getInterval().name(), cap.getLimit(), used,
        Instant.ofEpochMilli(start).toString(), used >= cap.getLimit());
  }

  private static Long id(Map<String, Deque<String>> parameters, String name) {
    Deque<String> values = parameters.get(name);
    if (values == null || values.isEmpty() || values.getFirst().isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(values.getFirst().strip());
    } catch (NumberFormatException e) {
      throw new HttpErrors.BadRequest(name + " must be a number, not '" + values.getFirst() + "'");
    }
  }
}
