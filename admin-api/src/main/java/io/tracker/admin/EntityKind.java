package io.tracker.admin;

import io.tracker.platform.Catalog;
import io.tracker.schemas.CatalogTopic;
import java.util.SortedMap;
import org.apache.avro.specific.SpecificRecord;

/** How one kind of catalog entity maps between its JSON body (B) and its Avro record (T). */
interface EntityKind<T extends SpecificRecord, B> {

  /** The path under /api/, e.g. "offers". */
  String path();

  CatalogTopic<T> topic();

  Class<B> bodyType();

  SortedMap<Long, T> all(Catalog catalog);

  /** Checks a whole body (on update: the stored entity with the request's fields laid over it). */
  void validate(B body, Long id, Catalog catalog, Validation validation);

  T toRecord(long id, B body, T existing);

  B toBody(T record);

  /** The affiliate a record belongs to, when an affiliate's own key may manage it; null: the admin's alone. */
  default Long owner(T record) {
    return null;
  }
}
