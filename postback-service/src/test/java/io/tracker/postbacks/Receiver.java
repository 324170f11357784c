package io.tracker.postbacks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An affiliate's server, real and local (the JDK's HTTP server): it keeps every request it got, and answers as its
 * {@link Behaviour} says for the n-th request (1 = the first).
 */
final class Receiver implements AutoCloseable {
  /** The answer to the n-th request: a status, or {@link #NEVER} to keep the caller waiting. */
  interface Behaviour {
    int answer(int nth, HttpExchange exchange) throws IOException, InterruptedException;
  }

  /** Never answers (until the receiver is closed). */
  static final int NEVER = -1;

  record Request(String query, Instant at) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private Receiver(InetSocketAddress address, Behaviour behaviour) throws IOException {
    this.server = HttpServer.create(address, 0);
    server.createContext("/", exchange -> handle(exchange, behaviour));
    server.setExecutor(threads);
    server.start();
  }

  /** On 127.0.0.1 only. */
  static Receiver start(Behaviour behaviour) throws IOException {
    return new Receiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), behaviour);
  }

  /** On every address of this machine (127.0.0.2 too). */
  static Receiver startOnEveryAddress(Behaviour behaviour) throws IOException {
    return new Receiver(new InetSocketAddress(0), behaviour);
  }

  static Receiver answering(int status) throws IOException {
    return start((nth, exchange) -> status);
  }

  private void handle(HttpExchange exchange, Behaviour behaviour) throws IOException {
    int nth;
    synchronized (requests) {
      requests.add(new Request(exchange.getRequestURI().getRawQuery(), Instant.now()));
      nth = requests.size();
    }
    int status;
    try {
      status = behaviour.answer(nth, exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 500;
    }
    if (status == NEVER) {
      try {
        closing.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] body = ("answer " + nth).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  int count() {
    return requests().size();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
