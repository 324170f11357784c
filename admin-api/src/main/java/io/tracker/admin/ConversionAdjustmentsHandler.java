package io.tracker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.events.Adjustment;
import io.tracker.events.ConversionStatus;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.tracker.platform.QueryParameters;
import io.tracker.platform.ReportPaths;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.ClickId;
import io.tracker.schemas.Money;
import io.tracker.schemas.Topics;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Adjusting conversions, as CAKE's mass adjustment does: {@code PUT /api/conversions/{conversionId}} changes one,
 * {@code POST /api/conversions/adjustments} every conversion a filter matches (offer, affiliate, time range,
 * transaction ids, status). The conversions are found through the conversions report, so only those it shows can
 * be changed; each change is one {@code Adjustment} event (who, when, why, what) keyed by the conversion's visitor,
 * which attribution applies to the conversion as it stands. Nothing already recorded is rewritten.
 */
final class ConversionAdjustmentsHandler implements AutoCloseable {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_NOTE = 500;
  private static final AvroSerde<Adjustment> ADJUSTMENTS = AvroSerde.of(Adjustment.class);

  /** The change asked for: a null field stays as it is. */
  record Change(ConversionStatus status, String note, BigDecimal revenue, BigDecimal payout) {}

  /** A bulk adjustment: the filter, then the change. */
  record BulkAdjustment(String from, String to, Long offerId, Long affiliateId, List<String> transactionIds,
      ConversionStatus conversionStatus, ConversionStatus status, String note, BigDecimal revenue,
      BigDecimal payout) {}

  private final ReportForwarder apps;
  private final AppInstances attribution;
  private final KafkaProducer<String, byte[]> producer;

  ConversionAdjustmentsHandler(String bootstrapServers, ReportForwarder apps, AppInstances attribution) {
    this.apps = apps;
    this.attribution = attribution;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "api-adjustments",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer());
  }

  void addTo(RoutingHandler routes) {
    routes.put("/api/conversions/{conversionId}", this::adjustOne);
    routes.post("/api/conversions/adjustments", this::adjustMatching);
  }

  private void adjustOne(HttpServerExchange exchange) throws IOException {
    ApiCaller caller = ApiCaller.of(exchange);
    caller.mustBeAdmin();
    String conversionId = exchange.getQueryParameters().get("conversionId").getFirst();
    ClickId.Parts parts = ClickId.parse(conversionId)
        .orElseThrow(() -> new HttpErrors.NotFound("no conversion " + conversionId));
    Change change = ApiRequests.convert(ApiRequests.readObject(exchange), Change.class);
    check(change.status(), change.note(), change.revenue(), change.payout(), new Validation()).throwIfAny();
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("from", Instant.ofEpochMilli(parts.timeMillis()));
    query.put("to", Instant.ofEpochMilli(parts.timeMillis() + 1));
    query.put("conversionId", conversionId);
    query.put("test", true);
    List<JsonNode> found = conversions(query);
    if (found.isEmpty()) {
      throw new HttpErrors.NotFound("no conversion " + conversionId);
    }
    List<Adjustment> written = publish(found, caller, change);
    Http.sendJson(exchange, 202, answer(written));
  }

  private void adjustMatching(HttpServerExchange exchange) throws IOException {
    ApiCaller caller = ApiCaller.of(exchange);
    caller.mustBeAdmin();
    BulkAdjustment bulk = ApiRequests.convert(ApiRequests.readObject(exchange), BulkAdjustment.class);
    Validation v = new Validation();
    v.check(bulk.offerId() != null || bulk.affiliateId() != null
        || (bulk.transactionIds() != null && !bulk.transactionIds().isEmpty()),
        "the filter must name offerId, affiliateId or transactionIds");
    v.check(bulk.transactionIds() == null || bulk.transactionIds().stream().noneMatch(t -> t == null || t.contains(",")),
        "transactionIds must be transaction ids without commas");
    check(bulk.status(), bulk.note(), bulk.revenue(), bulk.payout(), v).throwIfAny();
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("from", bulk.from());
    query.put("to", bulk.to());
    query.put("offerId", bulk.offerId());
    query.put("affiliateId", bulk.affiliateId());
    query.put("transactionId", bulk.transactionIds() == null || bulk.transactionIds().isEmpty() ? null
        : String.join(",", bulk.transactionIds()));
    query.put("conversionStatus", bulk.conversionStatus());
    query.put("status", "ATTRIBUTED");
    List<Adjustment> written = publish(conversions(query), caller,
        new Change(bulk.status(), bulk.note(), bulk.revenue(), bulk.payout()));
    Http.sendJson(exchange, 202, answer(written));
  }

  private static Validation check(ConversionStatus status, String note, BigDecimal revenue, BigDecimal payout,
      Validation v) {
    v.check(status != null || revenue != null || payout != null, "status, revenue or payout is required");
    v.check(note == null || note.length() <= MAX_NOTE, "note is longer than " + MAX_NOTE + " characters");
    v.amount("revenue", revenue);
    v.amount("payout", payout);
    return v;
  }

  /** The rows of the conversions report for this query; its 400s (a bad from or to) are the caller's. */
  private List<JsonNode> conversions(Map<String, Object> query) throws IOException {
    HttpResponse<byte[]> answer = apps.ask(attribution, "GET",
        ReportPaths.CONVERSIONS + "?" + QueryParameters.queryString(query), Http.JSON, null);
    JsonNode body = Json.MAPPER.readTree(answer.body());
    if (answer.statusCode() == 400) {
      List<String> errors = new ArrayList<>();
      body.path("errors").forEach(error -> errors.add(error.asText()));
      throw new HttpErrors.BadRequest(errors.isEmpty() ? List.of(body.path("error").asText()) : errors);
    }
    if (answer.statusCode() != 200) {
      throw new HttpErrors.Unavailable("attribution answered " + answer.statusCode() + ": " + body.path("error").asText());
    }
    List<JsonNode> rows = new ArrayList<>();
    body.path("rows").forEach(rows::add);
    return rows;
  }

  /** One adjustment per conversion, each acknowledged by Kafka before the answer. */
  private List<Adjustment> publish(List<JsonNode> conversions, ApiCaller caller, Change change) {
    Instant now = Instant.now();
    List<Adjustment> adjustments = new ArrayList<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (JsonNode conversion : conversions) {
      Adjustment adjustment = new Adjustment(UUID.randomUUID().toString(), conversion.path("conversionId").asText(),
          conversion.path("offerId").asLong(), Instant.parse(conversion.path("time").asText()).toEpochMilli(), now,
          caller.describe(), change.note() == null || change.note().isBlank() ? null : change.note().strip(),
          change.status(), change.revenue() == null ? null : Money.toMicros(change.revenue()),
          change.payout() == null ? null : Money.toMicros(change.payout()));
      adjustments.add(adjustment);
      sent.add(producer.send(new ProducerRecord<>(Topics.CONVERSION_ADJUSTMENTS,
          conversion.path("visitorId").asText(), ADJUSTMENTS.encode(adjustment))));
    }
    try {
      for (Future<RecordMetadata> each : sent) {
        each.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpErrors.Unavailable("interrupted while recording the adjustments", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpErrors.Unavailable("Kafka did not take the adjustments (some may have been recorded; "
          + "repeating them sets the same values): " + e.getMessage(), e);
    }
    return adjustments;
  }

  private static Map<String, Object> answer(List<Adjustment> written) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("matched", written.size());
    answer.put("adjustments", written.stream().map(a -> Map.of("adjustmentId", a.getAdjustmentId(),
        "conversionId", a.getConversionId())).toList());
    return answer;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
