package io.tracker.postbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tracker.platform.Http;
import io.tracker.platform.HttpErrors;
import io.tracker.platform.Json;
import io.tracker.platform.postback.PostbackToken;
import io.tracker.platform.postback.PostbackUrl;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test call of a postback URL, now: its tokens filled with sample values (a fresh #leadid# each time, so that a
 * receiver that deduplicates takes every test) and sent through the sender's own rules (allowed networks, timeout,
 * no redirects). Nothing is recorded: a test is not a conversion's call.
 */
final class TestCalls {
  /** What the API sends: the postback as saved. */
  record TestRequest(Long affiliateId, Long offerId, String event, String url) {}

  private final CallClient client;
  private final Duration bound;

  TestCalls(CallClient client, Duration requestTimeout) {
    this.client = client;
    // the target's DNS look-up and the call's own timeout, with room to spare
    this.bound = requestTimeout.plusSeconds(10);
  }

  void handle(HttpServerExchange exchange) throws IOException {
    TestRequest request;
    try {
      request = Json.MAPPER.readValue(exchange.getInputStream(), TestRequest.class);
    } catch (JsonProcessingException e) {
      throw new HttpErrors.BadRequest("the body is not a test request: " + e.getOriginalMessage());
    }
    List<String> problems = PostbackUrl.problems("url", request.url());
    if (!problems.isEmpty()) {
      throw new HttpErrors.BadRequest(problems);
    }
    CallClient.Answer answer;
    try {
      answer = client.send(PostbackUrl.fill(request.url(), sampleValues(request))).get(bound.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new HttpErrors.Unavailable("the test call did not end within " + bound.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpErrors.Unavailable("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a test call never fails with an exception", e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("url", MaskedUrl.mask(answer.url()));
    result.put("delivered", answer.delivered());
    result.put("httpStatus", answer.httpStatus());
    result.put("bodyExcerpt", answer.bodyExcerpt());
    result.put("error", answer.error());
    result.put("millis", answer.millis());
    Http.sendJson(exchange, 200, result);
  }

  private static Map<PostbackToken, String> sampleValues(TestRequest request) {
    Map<PostbackToken, String> values = new EnumMap<>(PostbackToken.class);
    values.put(PostbackToken.TRANSACTION_ID, "test-transaction");
    values.put(PostbackToken.CLICK_ID, "test-click");
    values.put(PostbackToken.CONVERSION_ID, "test-" + UUID.randomUUID());
    values.put(PostbackToken.PAYOUT, "0");
    values.put(PostbackToken.OFFER_ID, request.offerId() == null ? "0" : request.offerId().toString());
    values.put(PostbackToken.AFFILIATE_ID, request.affiliateId() == null ? "0" : request.affiliateId().toString());
    values.put(PostbackToken.CAMPAIGN_ID, "0");
    for (PostbackToken sub : List.of(PostbackToken.S1, PostbackToken.S2, PostbackToken.S3, PostbackToken.S4,
        PostbackToken.S5)) {
      values.put(sub, "test-" + sub.name().toLowerCase(java.util.Locale.ROOT));
    }
    values.put(PostbackToken.UDID, "test-device");
    values.put(PostbackToken.EVENT_ID, request.event() == null ? "test" : request.event());
    values.put(PostbackToken.TIMESTAMP, Long.toString(Instant.now().getEpochSecond()));
    return values;
  }
}
