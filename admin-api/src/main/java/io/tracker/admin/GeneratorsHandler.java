package io.tracker.admin;

import io.tracker.catalog.Advertiser;
import io.tracker.catalog.Creative;
import io.tracker.catalog.Offer;
import io.tracker.platform.Catalog;
import io.tracker.platform.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an affiliate or advertiser pastes: {@code POST /api/links} (the unique link), {@code POST
 * /api/pixels/click} (direct-link click pixel and JS tag) and {@code POST /api/pixels/conversion} (conversion
 * pixels and the postback URL template). Every URL points at the edge's public address.
 */
final class GeneratorsHandler {
  record LinkRequest(Long affiliateId, Long creativeId, String s1, String s2, String s3, String s4, String s5) {}

  record ClickPixelRequest(Long affiliateId, Long creativeId) {}

  record ConversionPixelRequest(Long offerId) {}

  static final int MAX_SUB_ID = 255;

  private final CatalogWriter writer;
  private final String edge;

  GeneratorsHandler(CatalogWriter writer, URI edgeUrl) {
    this.writer = writer;
    this.edge = edgeUrl.toString();
  }

  void addTo(RoutingHandler routes) {
    routes.post("/api/links", this::link);
    routes.post("/api/pixels/click", this::clickPixel);
    routes.post("/api/pixels/conversion", this::conversionPixel);
  }

  private void link(HttpServerExchange exchange) {
    LinkRequest asked = ApiRequests.convert(ApiRequests.readObject(exchange), LinkRequest.class);
    ApiCaller caller = ApiCaller.of(exchange);
    // an affiliate's key makes links for its own campaigns: its affiliate id is implied
    LinkRequest request = asked.affiliateId() == null && !caller.isAdmin() ? new LinkRequest(caller.affiliateId(),
        asked.creativeId(), asked.s1(), asked.s2(), asked.s3(), asked.s4(), asked.s5()) : asked;
    caller.mustActFor(request.affiliateId(), "links");
    Validation v = new Validation();
    checkAffiliateOnCreative(writer.catalog(), request.affiliateId(), request.creativeId(), v);
    String[] subIds = {request.s1(), request.s2(), request.s3(), request.s4(), request.s5()};
    StringBuilder url = new StringBuilder(edge).append("/?a=").append(request.affiliateId())
        .append("&c=").append(request.creativeId());
    for (int i = 0; i < subIds.length; i++) {
      String value = subIds[i];
      if (value != null && !value.isEmpty()) {
        v.check(value.length() <= MAX_SUB_ID, "s" + (i + 1) + " is longer than " + MAX_SUB_ID + " characters");
        url.append("&s").append(i + 1).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    v.throwIfAny();
    Http.sendJson(exchange, 200, Map.of("url", url.toString()));
  }

  private void clickPixel(HttpServerExchange exchange) {
    ClickPixelRequest request = ApiRequests.convert(ApiRequests.readObject(exchange), ClickPixelRequest.class);
    Validation v = new Validation();
    checkAffiliateOnCreative(writer.catalog(), request.affiliateId(), request.creativeId(), v);
    v.throwIfAny();
    String ids = "?a=" + request.affiliateId() + "&amp;c=" + request.creativeId();
    Map<String, String> snippets = new LinkedHashMap<>();
    snippets.put("img", "<img src=\"" + edge + "/pixel/click.gif" + ids
        + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
    snippets.put("js", "<script src=\"" + edge + "/pixel/click.js" + ids + "\" async></script>");
    Http.sendJson(exchange, 200, snippets);
  }

  private void conversionPixel(HttpServerExchange exchange) {
    ConversionPixelRequest request = ApiRequests.convert(ApiRequests.readObject(exchange), ConversionPixelRequest.class);
    Catalog catalog = writer.catalog();
    Offer offer = request.offerId() == null ? null : catalog.offer(request.offerId());
    Validation v = new Validation();
    v.reference("offerId", request.offerId(), offer != null);
    v.throwIfAny();
    Advertiser advertiser = catalog.advertiser(offer.getAdvertiserId());
    String base = edge + "/p.ashx?o=" + offer.getId();
    Map<String, String> snippets = new LinkedHashMap<>();
    // t (the advertiser's transaction id), p (amount) and e (event) are left for the advertiser to fill in
    snippets.put("img", "<img src=\"" + base + "&amp;f=img&amp;t=&amp;p=\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
    snippets.put("iframe", "<iframe src=\"" + base + "&amp;f=iframe&amp;t=&amp;p=\" width=\"1\" height=\"1\" frameborder=\"0\" style=\"display:none\"></iframe>");
    snippets.put("js", "<script src=\"" + base + "&amp;f=js&amp;t=&amp;p=\"></script>");
    snippets.put("postback", base + "&f=pb&r={click_id}&t={transaction_id}&p={amount}&k="
        + (advertiser == null ? "" : advertiser.getPostbackKey()));
    Http.sendJson(exchange, 200, snippets);
  }

  /** Both exist and the affiliate runs the creative's offer (links and pixels are per campaign, as in CAKE). */
  private static void checkAffiliateOnCreative(Catalog catalog, Long affiliateId, Long creativeId, Validation v) {
    v.reference("affiliateId", affiliateId, affiliateId != null && catalog.affiliate(affiliateId) != null);
    Creative creative = creativeId == null ? null : catalog.creative(creativeId);
    v.reference("creativeId", creativeId, creative != null);
    if (creative != null && affiliateId != null && catalog.affiliate(affiliateId) != null) {
      v.check(catalog.campaignFor(affiliateId, creative.getOfferId()) != null,
          "affiliate " + affiliateId + " has no campaign on offer " + creative.getOfferId() + ": create one first");
    }
  }
}
