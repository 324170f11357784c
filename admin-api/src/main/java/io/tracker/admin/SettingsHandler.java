package io.tracker.admin;

import io.tracker.catalog.Settings;
import io.tracker.platform.Http;
import io.tracker.schemas.Topics;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

/** {@code GET /api/settings}, {@code PUT|POST /api/settings {globalRedirectUrl}}: the network-wide settings. */
final class SettingsHandler {
  record SettingsBody(String globalRedirectUrl) {}

  private final CatalogWriter writer;

  SettingsHandler(CatalogWriter writer) {
    this.writer = writer;
  }

  void addTo(RoutingHandler routes) {
    routes.get("/api/settings", exchange -> Http.sendJson(exchange, 200, current()));
    routes.put("/api/settings", this::update);
    routes.post("/api/settings", this::update);
  }

  private SettingsBody current() {
    return new SettingsBody(writer.catalog().settings().getGlobalRedirectUrl());
  }

  private void update(HttpServerExchange exchange) {
    SettingsBody body = ApiRequests.convert(ApiRequests.readObject(exchange), SettingsBody.class);
    String url = body.globalRedirectUrl() == null || body.globalRedirectUrl().isBlank() ? null : body.globalRedirectUrl();
    Validation validation = new Validation();
    validation.url("globalRedirectUrl", url, false);
    validation.throwIfAny();
    writer.write(Topics.SETTINGS, Topics.SETTINGS_KEY, new Settings(url));
    Http.sendJson(exchange, 200, current());
  }
}
