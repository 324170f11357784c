package io.tracker.edge;

import io.tracker.events.ClickKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /pixel/click.gif?a=&c=[&s1..s5=]}: the click pixel of a direct link. The consumer is already on
 * the landing page, so nothing redirects: the click is recorded as DIRECT (with the same cookies as a
 * tracking link) and a 1×1 GIF comes back.
 */
final class ClickPixelHandler implements HttpHandler {
  private final ClickRecorder recorder;

  ClickPixelHandler(ClickRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    LinkParameters.Parsed parsed = LinkParameters.parse(exchange.getQueryParameters());
    if (parsed.error() != null) {
      Answers.badRequest(exchange, "Bad click pixel", parsed.error());
      return;
    }
    recorder.record(exchange, parsed.parameters(), ClickKind.DIRECT);
    Answers.gif(exchange);
  }
}
