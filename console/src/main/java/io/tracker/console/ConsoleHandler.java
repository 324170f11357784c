package io.tracker.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web console: {@code /} redirects to {@code /console/}, which is the single page; its scripts,
 * styles and images live under {@code /console/} too, as classpath resources in {@code console/}. Nothing here
 * needs the admin key (the login page must load); the page sends the key itself on each {@code /api} call.
 *
 * <p>Asset names carry no version, so every answer says {@code no-cache} with a strong ETag: the browser asks
 * again each time and gets a 304 while the file is unchanged, and an upgrade is seen at once.
 */
public final class ConsoleHandler implements HttpHandler {
  /** The path the console is served under; mount this handler on it and on {@code /}. */
  public static final String PATH = "/console";

  private static final String PAGE_PREFIX = PATH + "/";
  private static final String RESOURCE_ROOT = "console/";
  private static final String INDEX = "index.html";
  /** Lower-case names in folders, one extension: no "..", no hidden files, nothing a request could escape by. */
  private static final Pattern ASSET_NAME = Pattern.compile("(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9_.-]*\\.[a-z0-9]+");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");
  /** Scripts, styles and API calls only from this origin: the admin key in the page is worth protecting. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private final ClassLoader resources;
  private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

  private ConsoleHandler(ClassLoader resources) {
    this.resources = resources;
  }

  public static HttpHandler create() {
    return new ConsoleHandler(ConsoleHandler.class.getClassLoader());
  }

  private record Asset(byte[] body, String contentType, String etag) {}

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // the first read of an asset is blocking classpath I/O
      return;
    }
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      sendPlain(exchange, StatusCodes.METHOD_NOT_ALLOWED, "the console only answers GET and HEAD");
      return;
    }
    String path = exchange.getRequestPath();
    if (path.equals("/") || path.equals(PATH)) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, PAGE_PREFIX);
      exchange.endExchange();
      return;
    }
    Asset asset = assetAt(path);
    if (asset == null) {
      sendPlain(exchange, StatusCodes.NOT_FOUND, "no such console page or file");
      return;
    }
    send(exchange, asset);
  }

  /** What a path names, or null: {@code /console/} is the page, {@code /console/<name>} a file of the folder. */
  private Asset assetAt(String path) {
    if (!path.startsWith(PAGE_PREFIX)) {
      return null;
    }
    String name = path.substring(PAGE_PREFIX.length());
    if (name.isEmpty()) {
      return asset(INDEX);
    }
    return ASSET_NAME.matcher(name).matches() ? asset(name) : null;
  }

  private Asset asset(String name) {
    Asset cached = loaded.get(name);
    if (cached != null) {
      return cached;
    }
    String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return null;
    }
    try (InputStream in = resources.getResourceAsStream(RESOURCE_ROOT + name)) {
      if (in == null) {
        return null; // misses are not kept: any number of wrong names must not fill the map
      }
      byte[] body = in.readAllBytes();
      Asset asset = new Asset(body, type, '"' + HexFormat.of().formatHex(sha256(body), 0, 16) + '"');
      loaded.put(name, asset);
      return asset;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console asset " + name, e);
    }
  }

  private static void send(HttpServerExchange exchange, Asset asset) {
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, asset.contentType());
    headers.put(Headers.CACHE_CONTROL, "no-cache");
    headers.put(Headers.ETAG, asset.etag());
    headers.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
    headers.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
    headers.put(HttpString.tryFromString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
    String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    headers.put(Headers.CONTENT_LENGTH, asset.body().length);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
    } else {
      exchange.getResponseSender().send(ByteBuffer.wrap(asset.body()));
    }
  }

  private static void sendPlain(HttpServerExchange exchange, int status, String message) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(message + "\n", StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
