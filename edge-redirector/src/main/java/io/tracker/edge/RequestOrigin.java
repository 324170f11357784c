package io.tracker.edge;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * Who sent a request and over what: the peer's address and scheme, or, when the peer is one of the configured
 * proxies, what it says in X-Forwarded-For / X-Forwarded-Proto. Headers from anyone else are ignored, so a
 * consumer cannot claim another address or a secure connection. The peer's address, as text, is worked out once
 * per connection (a keep-alive connection, a load balancer's above all, carries many requests).
 */
final class RequestOrigin {
  private static final HttpString FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
  private static final HttpString FORWARDED_PROTO = HttpString.tryFromString("X-Forwarded-Proto");
  private static final int MAX_ADDRESS = 64;
  private static final AttachmentKey<String> PEER = AttachmentKey.create(String.class);

  private final Set<String> trustedProxies;
  private final IpStorage ipStorage;
  private final String ipSalt;

  RequestOrigin(Set<String> trustedProxies, IpStorage ipStorage, String ipSalt) {
    this.trustedProxies = trustedProxies;
    this.ipStorage = ipStorage;
    this.ipSalt = ipSalt;
  }

  /** The consumer's address as events keep it (full, truncated or hashed, as configured). */
  String storedIp(HttpServerExchange exchange) {
    return stored(clientIp(exchange));
  }

  /** The client address as events keep it (full, truncated or hashed, as configured). */
  String stored(String clientIp) {
    return ipStorage.apply(clientIp, ipSalt);
  }

  boolean isSecure(HttpServerExchange exchange) {
    if ("https".equals(exchange.getRequestScheme())) {
      return true;
    }
    return fromTrustedProxy(exchange) && "https".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(FORWARDED_PROTO));
  }

  /** The consumer's address: the last hop before our proxies, else the peer. */
  String clientIp(HttpServerExchange exchange) {
    String peer = peerAddress(exchange);
    if (peer == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String forwarded = exchange.getRequestHeaders().getFirst(FORWARDED_FOR);
    if (forwarded == null) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!trustedProxies.contains(hop)) {
        return hop.isEmpty() || hop.length() > MAX_ADDRESS ? peer : hop;
      }
    }
    return peer;
  }

  private boolean fromTrustedProxy(HttpServerExchange exchange) {
    String peer = peerAddress(exchange);
    return peer != null && trustedProxies.contains(peer);
  }

  private static String peerAddress(HttpServerExchange exchange) {
    ServerConnection connection = exchange.getConnection();
    String peer = connection.getAttachment(PEER);
    if (peer == null) {
      InetSocketAddress source = exchange.getSourceAddress();
      InetAddress address = source == null ? null : source.getAddress();
      if (address == null) {
        return null;
      }
      peer = address.getHostAddress();
      connection.putAttachment(PEER, peer);
    }
    return peer;
  }
}
