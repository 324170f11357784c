package io.tracker.admin;

import io.tracker.catalog.AffiliateKey;
import io.tracker.platform.BearerKey;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.schemas.Topics;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An affiliate's API keys, for the admin: {@code POST /api/affiliates/{id}/keys} makes one and shows it this once
 * ({@code {keyId, key}}; only its SHA-256 is kept), {@code GET} lists them with when each was made, last used and
 * revoked, {@code DELETE /api/affiliates/{id}/keys/{keyId}} revokes one (401 from then on).
 */
final class AffiliateKeysHandler {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BYTES = 32;

  record KeyRow(long keyId, long affiliateId, String createdAt, String lastUsedAt, String revokedAt) {
    static KeyRow of(AffiliateKey key) {
      return new KeyRow(key.getId(), key.getAffiliateId(), key.getCreatedAt().toString(), text(key.getLastUsedAt()),
          text(key.getRevokedAt()));
    }

    private static String text(Instant instant) {
      return instant == null ? null : instant.toString();
    }
  }

  private final CatalogWriter writer;

  AffiliateKeysHandler(CatalogWriter writer) {
    this.writer = writer;
  }

  void addTo(RoutingHandler routes) {
    routes.post("/api/affiliates/{id}/keys", this::create);
    routes.get("/api/affiliates/{id}/keys", this::list);
    routes.delete("/api/affiliates/{id}/keys/{keyId}", this::revoke);
  }

  private void create(HttpServerExchange exchange) {
    ApiCaller.of(exchange).mustBeAdmin();
    long affiliateId = affiliate(exchange);
    byte[] secret = new byte[KEY_BYTES];
    RANDOM.nextBytes(secret);
    String key = "aff_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    AffiliateKey stored = writer.create(Topics.AFFILIATE_KEYS, writer.catalog().affiliateKeys(),
        id -> new AffiliateKey(id, affiliateId, HexFormat.of().formatHex(BearerKey.sha256(key)), Instant.now(), null,
            null));
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("keyId", stored.getId());
    created.put("key", key);
    created.put("affiliateId", affiliateId);
    created.put("createdAt", stored.getCreatedAt().toString());
    Http.sendJson(exchange, 201, created);
  }

  private void list(HttpServerExchange exchange) {
    ApiCaller.of(exchange).mustBeAdmin();
    long affiliateId = affiliate(exchange);
    List<KeyRow> keys = writer.catalog().affiliateKeys().values().stream()
        .filter(key -> key.getAffiliateId() == affiliateId).map(KeyRow::of).toList();
    Http.sendJson(exchange, 200, keys);
  }

  private void revoke(HttpServerExchange exchange) {
    ApiCaller.of(exchange).mustBeAdmin();
    long affiliateId = affiliate(exchange);
    long keyId = id(exchange.getQueryParameters().get("keyId").getFirst());
    AffiliateKey key = writer.catalog().affiliateKeys().get(keyId);
    if (key == null || key.getAffiliateId() != affiliateId) {
      throw new HttpErrors.NotFound("affiliate " + affiliateId + " has no key " + keyId);
    }
    AffiliateKey revoked = writer.update(Topics.AFFILIATE_KEYS, keyId, writer.catalog().affiliateKeys()::get,
        current -> current.getRevokedAt() != null ? null : AffiliateKey.newBuilder(current).setRevokedAt(Instant.now())
            .build());
    Http.sendJson(exchange, 200, KeyRow.of(revoked != null ? revoked : writer.catalog().affiliateKeys().get(keyId)));
  }

  private long affiliate(HttpServerExchange exchange) {
    long id = ApiRequests.pathId(exchange);
    if (writer.catalog().affiliate(id) == null) {
      throw new HttpErrors.NotFound("no affiliates with id " + id);
    }
    return id;
  }

  private static long id(String raw) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new HttpErrors.NotFound("no such key id: " + raw);
    }
  }
}
