package io.tracker.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An affiliate's postback server on this machine (the JDK's HTTP server): keeps each request's query, answers 200. */
public final class AffiliateServer implements AutoCloseable {
  public static final String ANSWER = "OK: conversion recorded";

  private final HttpServer server;
  private final List<String> queries = new ArrayList<>();

  public AffiliateServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      synchronized (queries) {
        queries.add(exchange.getRequestURI().getRawQuery());
      }
      byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** An address on this server, e.g. url("/pb?lead=#leadid#"). */
  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** The query of every request so far, in order. */
  public List<String> queries() {
    synchronized (queries) {
      return List.copyOf(queries);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
