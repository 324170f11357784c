package io.tracker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the console's HTTP answers promise: redirects, content types, revalidation, and no way out of its folder. */
class ConsoleHandlerTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static Undertow server;
  private static String base;

  /** Mounted as ApiApp mounts it: on / and /console, with everything else left to the API and its key. */
  @BeforeAll
  static void start() {
    HttpHandler console = ConsoleHandler.create();
    HttpHandler apiWithoutKey = exchange -> exchange.setStatusCode(401).endExchange();
    var routes = Handlers.path(apiWithoutKey).addExactPath("/", console).addPrefixPath(ConsoleHandler.PATH, console);
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes).build();
    server.start();
    base = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/console"})
  void theRootAndTheBarePathRedirectToTheConsolePage(String path) throws Exception {
    HttpResponse<String> answer = send("GET", path);
    assertEquals(302, answer.statusCode());
    assertEquals("/console/", answer.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void thePageIsHtmlThatBrowsersRevalidateAndMayOnlyLoadFromItsOwnOrigin() throws Exception {
    HttpResponse<String> page = send("GET", "/console/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"));
    assertEquals(page.body(), send("GET", "/console/index.html").body());
  }

  @Test
  void anUnchangedFileIsAnsweredWith304() throws Exception {
    String etag = send("GET", "/console/js/app.js").headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = send("GET", "/console/js/app.js", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    HttpResponse<String> head = send("HEAD", "/console/app.css");
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    assertEquals("text/css; charset=utf-8", head.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void everyShippedFileIsServedWithItsContentType() throws Exception {
    Path root = Path.of(ConsoleHandler.class.getResource("/console").toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) {
      String path = "/console/" + root.relativize(file).toString().replace('\\', '/');
      HttpResponse<String> answer = send("GET", path);
      assertEquals(200, answer.statusCode(), path);
      assertNotNull(answer.headers().firstValue("Content-Type").orElse(null), path);
      assertEquals(Files.size(file), answer.body().getBytes(StandardCharsets.UTF_8).length, path);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/console/missing.js", "/console/../pom.xml", "/console/%2e%2e/pom.xml", "/console/.hidden.js",
      "/console/js/../../io/tracker/console/ConsoleHandler.class", "/console/app.css/", "/console/favicon.SVG"})
  void namesOutsideTheConsoleFolderOrUnknownAreNotFound(String path) throws Exception {
    assertEquals(404, send("GET", path).statusCode(), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/offers", "/consolex", "/index.html"})
  void everythingElseStaysWithTheApi(String path) throws Exception {
    assertEquals(401, send("GET", path).statusCode(), path);
  }

  @Test
  void onlyReadsAreAllowed() throws Exception {
    HttpResponse<String> answer = send("POST", "/console/");
    assertEquals(405, answer.statusCode());
    assertEquals("GET, HEAD", answer.headers().firstValue("Allow").orElseThrow());
  }
}
