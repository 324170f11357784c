package io.tracker.attribution;

import io.tracker.catalog.Creative;
import io.tracker.platform.Catalog;
import io.tracker.platform.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST /api/links {affiliateId, creativeId, s1?..s5?}} → {@code {url}}: the unique tracking link. */
final class LinksHandler {
  record LinkRequest(Long affiliateId, Long creativeId, String s1, String s2, String s3, String s4, String s5) {}

  static final int MAX_SUB_ID = 255;

  private final CatalogWriter writer;
  private final URI edgeUrl;

  LinksHandler(CatalogWriter writer, URI edgeUrl) {
    this.writer = writer;
    this.edgeUrl = edgeUrl;
  }

  void addTo(RoutingHandler routes) {
    routes.post("/api/links", this::create);
  }

  private void create(HttpServerExchange exchange) {
    LinkRequest request = ApiRequests.convert(ApiRequests.readObject(exchange), LinkRequest.class);
    Catalog catalog = writer.catalog();
    Validation v = new Validation();
    v.reference("affiliateId", request.affiliateId(),
        request.affiliateId() != null && catalog.affiliate(request.affiliateId()) != null);
    Creative creative = request.creativeId() == null ? null : catalog.creative(request.creativeId());
    v.reference("creativeId", request.creativeId(), creative != null);
    if (creative != null && request.affiliateId() != null) {
      v.check(catalog.campaignFor(request.affiliateId(), creative.getOfferId()) != null,
          "affiliate " + request.affiliateId() + " has no campaign on offer " + creative.getOfferId()
              + ": create one first");
    }
    String[] subIds = {request.s1(), request.s2(), request.s3(), request.s4(), request.s5()};
    StringBuilder url = new StringBuilder(edgeUrl.toString()).append("/?a=").append(request.affiliateId())
        .append("&c=").append(request.creativeId());
    for (int i = 0; i < subIds.length; i++) {
      String value = subIds[i];
      if (value != null && !value.isEmpty()) {
        v.check(value.length() <= MAX_SUB_ID, "s" + (i + 1) + " is longer than " + MAX_SUB_ID + " characters");
        url.append("&s").append(i + 1).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    if (!v.errors().isEmpty()) {
      throw new ApiRequests.BadRequest(v.errors());
    }
    Http.sendJson(exchange, 200, Map.of("url", url.toString()));
  }
}
