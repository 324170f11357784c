package io.tracker.postbacks;

import io.tracker.events.PostbackCallState;
import io.tracker.platform.postback.PostbackTargets;
import io.tracker.platform.postback.PostbackToken;
import io.tracker.platform.postback.PostbackUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One postback attempt over HTTP: the target checked against the allowed networks right before the call (DNS can
 * change), one GET with the JDK's client (connections reused, redirects never followed: a redirect could point into
 * our network), and no answer within the request timeout is a failed attempt. Never throws: every failure is an
 * {@link Answer} that says what happened.
 */
final class CallClient {
  static final String USER_AGENT = "tracker-postback/1";
  /** What is kept of an answer's body: enough to show why a receiver refused. */
  static final int EXCERPT_BYTES = 512;

  /** What one attempt gave: the URL as sent (null when none could be made), the status, or why not delivered. */
  record Answer(String url, Integer httpStatus, String error, String bodyExcerpt, long millis) {
    boolean delivered() {
      return httpStatus != null && httpStatus / 100 == 2;
    }
  }

  private final HttpClient http;
  private final PostbackTargets targets;
  private final ClickDetails clicks;
  private final Duration timeout;
  private final Executor resolver;
  private final ScheduledExecutorService timer;

  CallClient(HttpClient http, PostbackTargets targets, ClickDetails clicks, Duration timeout, Executor resolver,
      ScheduledExecutorService timer) {
    this.http = http;
    this.targets = targets;
    this.clicks = clicks;
    this.timeout = timeout;
    this.resolver = resolver;
    this.timer = timer;
  }

  /** The JDK client as postbacks use it: HTTP/1.1 with keep-alive, no redirects, a connect timeout. */
  static HttpClient newHttpClient(Duration timeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout).build();
  }

  /** An attempt of a pending call: the URL it was sent with before, or its URL filled now from its click. */
  CompletableFuture<Answer> attempt(PostbackCallState state) {
    if (state.getSentUrl() != null) {
      return send(state.getSentUrl());
    }
    String url = state.getCall().getUrl();
    if (PostbackUrl.tokensIn(url).stream().noneMatch(PostbackToken::fromClick)) {
      return send(url);
    }
    long start = System.nanoTime();
    return clicks.tokens(state.getCall().getClickId())
        .handle((values, failure) -> failure == null ? send(PostbackUrl.fill(url, values))
            : CompletableFuture.completedFuture(new Answer(null, null, "the click's sub ids could not be read: "
                + describe(failure), null, millisSince(start))))
        .thenCompose(answer -> answer);
  }

  /** One GET of the URL now, by the rules above. */
  CompletableFuture<Answer> send(String url) {
    long start = System.nanoTime();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new Answer(url, null, "not a valid URL: " + e.getMessage(), null, 0));
    }
    if (uri.getHost() == null) {
      return CompletableFuture.completedFuture(new Answer(url, null, "no host that can be called in " + url, null, 0));
    }
    String host = uri.getHost().replaceAll("^\\[|]$", "");
    return CompletableFuture.runAsync(() -> checkTarget(host), resolver)
        .thenCompose(checked -> exchange(uri, start))
        .handle((answer, failure) -> failure == null ? answer
            : new Answer(url, null, describe(failure), null, millisSince(start)));
  }

  private void checkTarget(String host) {
    try {
      targets.check(host);
    } catch (PostbackTargets.Refused | UnknownHostException e) {
      throw new CompletionException(e);
    }
  }

  private CompletableFuture<Answer> exchange(URI uri, long start) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT).GET().build();
    Excerpt excerpt = new Excerpt();
    CompletableFuture<HttpResponse<Void>> response =
        http.sendAsync(request, info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(excerpt));
    // the request timeout covers the wait for the answer's head; this one the whole exchange, body included
    ScheduledFuture<?> deadline = timer.schedule(() -> response.cancel(true), timeout.toMillis(), TimeUnit.MILLISECONDS);
    return response.whenComplete((answer, failure) -> deadline.cancel(false)).thenApply(answer -> {
      int status = answer.statusCode();
      String body = excerpt.text();
      String error = status / 100 == 2 ? null
          : "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "")
              + (body.isEmpty() ? "" : ": " + shorten(body, 200));
      return new Answer(uri.toString(), status, error, body, millisSince(start));
    });
  }

  private String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PostbackTargets.Refused) {
      return "refused: " + cause.getMessage();
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "cannot connect" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    if (cause instanceof IOException) {
      return "connection failed: " + cause;
    }
    return String.valueOf(cause.getMessage());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /** Keeps the first bytes of a body and reads (drops) the rest, so that the connection can be reused. */
  private static final class Excerpt implements Consumer<Optional<byte[]>> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void accept(Optional<byte[]> bytes) {
      bytes.ifPresent(chunk -> kept.write(chunk, 0, Math.min(chunk.length, EXCERPT_BYTES - kept.size())));
    }

    synchronized String text() {
      return new String(kept.toByteArray(), StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "")
          .strip();
    }
  }
}
