package io.tracker.edge;

import io.tracker.events.ClickKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /?a=&c=[&s1..s5=][&udid=][&test=1]}: records the click and answers 302 to the landing page (or
 * the fallback chain's URL), or a plain 404 page when the chain has no URL. Bad parameters get a 400 with the
 * reason.
 */
final class TrackingLinkHandler implements HttpHandler {
  private final ClickRecorder recorder;

  TrackingLinkHandler(ClickRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    LinkParameters.Parsed parsed = LinkParameters.parse(exchange.getQueryParameters());
    if (parsed.error() != null) {
      Answers.badRequest(exchange, "Bad link", parsed.error());
      return;
    }
    String location = recorder.record(exchange, parsed.parameters(), ClickKind.LINK);
    if (location == null) {
      Answers.notFoundPage(exchange);
    } else {
      Answers.redirect(exchange, location);
    }
  }
}
