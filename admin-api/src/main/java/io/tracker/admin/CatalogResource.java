package io.tracker.admin;

import io.tracker.platform.HttpErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracker.platform.Http;
import io.tracker.platform.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * List, read, create and update for one kind of catalog entity: {@code GET/POST /api/<kind>},
 * {@code GET/PUT /api/<kind>/{id}}. PUT lays the given fields over the stored entity, so that
 * {@code {"status":"PAUSED"}} pauses it. An affiliate's key sees and changes only the records it owns
 * ({@link EntityKind#owner}).
 */
final class CatalogResource<T extends SpecificRecord, B> {
  private final EntityKind<T, B> kind;
  private final CatalogWriter writer;

  CatalogResource(EntityKind<T, B> kind, CatalogWriter writer) {
    this.kind = kind;
    this.writer = writer;
  }

  void addTo(RoutingHandler routes) {
    String base = "/api/" + kind.path();
    routes.get(base, exchange -> {
      ApiCaller caller = ApiCaller.of(exchange);
      List<B> bodies = new ArrayList<>();
      kind.all(writer.catalog()).values().stream().filter(record -> caller.isAdmin()
          || caller.affiliateId().equals(kind.owner(record))).forEach(record -> bodies.add(kind.toBody(record)));
      Http.sendJson(exchange, 200, bodies);
    });
    routes.get(base + "/{id}", exchange -> Http.sendJson(exchange, 200,
        kind.toBody(owned(exchange, existing(ApiRequests.pathId(exchange))))));
    routes.post(base, exchange -> {
      B body = ApiRequests.convert(ApiRequests.readObject(exchange), kind.bodyType());
      validate(body, null);
      owned(exchange, kind.toRecord(0, body, null));
      T created = writer.create(kind.topic(), kind.all(writer.catalog()), id -> kind.toRecord(id, body, null));
      Http.sendJson(exchange, 201, kind.toBody(created));
    });
    routes.put(base + "/{id}", exchange -> {
      long id = ApiRequests.pathId(exchange);
      T stored = owned(exchange, existing(id));
      ObjectNode merged = Json.MAPPER.valueToTree(kind.toBody(stored));
      merged.setAll(ApiRequests.readObject(exchange));
      merged.put("id", id);
      B body = ApiRequests.convert(merged, kind.bodyType());
      validate(body, id);
      T updated = owned(exchange, kind.toRecord(id, body, stored));
      writer.write(kind.topic(), String.valueOf(id), updated);
      Http.sendJson(exchange, 200, kind.toBody(updated));
    });
  }

  /** The record, when the caller may use it: 403 for an affiliate's key and a record not its own. */
  private T owned(HttpServerExchange exchange, T record) {
    ApiCaller.of(exchange).mustActFor(kind.owner(record), kind.path());
    return record;
  }

  private T existing(long id) {
    T record = kind.all(writer.catalog()).get(id);
    if (record == null) {
      throw new HttpErrors.NotFound("no " + kind.path() + " with id " + id);
    }
    return record;
  }

  private void validate(B body, Long id) {
    Validation validation = new Validation();
    kind.validate(body, id, writer.catalog(), validation);
    validation.throwIfAny();
  }
}
