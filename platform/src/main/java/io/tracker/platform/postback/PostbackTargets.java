package io.tracker.platform.postback;

import io.tracker.platform.ConfigCheck;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where postbacks may go: no request forgery into our own network. A target whose address is loopback, private,
 * link-local, unique-local, shared (CGNAT), multicast or otherwise reserved is refused unless one of the allowed
 * networks ({@code TRACKER_POSTBACK_ALLOWED_NETWORKS}, CIDRs) holds it. The API checks when a postback is saved (a
 * literal address, or what the name resolves to now); the sender checks every address the name resolves to right
 * before each call, since DNS can change. The JVM keeps a resolved address for 30 s, so the client then connects to
 * the address that was checked.
 */
public final class PostbackTargets {
  /** The shared config section, read by the API and the postback service alike. */
  public static final String SECTION = "postbackTargets";
  private static final Duration SAVE_LOOKUP_WAIT = Duration.ofSeconds(2);
  private static final Executor LOOKUPS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "postback-target-lookup");
    thread.setDaemon(true);
    return thread;
  });

  private final List<Network> allowed;

  private PostbackTargets(List<Network> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** The allowed networks of the postbackTargets section, into the given check's errors. */
  public static PostbackTargets read(ConfigCheck check) {
    ConfigCheck section = check.section(SECTION);
    List<Network> networks = new ArrayList<>();
    for (String item : section.string("allowedNetworks").split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        networks.add(Network.parse(item));
      } catch (IllegalArgumentException e) {
        section.require(false, "allowedNetworks (TRACKER_POSTBACK_ALLOWED_NETWORKS): " + e.getMessage());
      }
    }
    return new PostbackTargets(networks);
  }

  /** Targets with these allowed networks (comma-separated CIDRs). */
  public static PostbackTargets allowing(String cidrs) {
    List<Network> networks = new ArrayList<>();
    for (String item : cidrs.split(",")) {
      if (!item.isBlank()) {
        networks.add(Network.parse(item));
      }
    }
    return new PostbackTargets(networks);
  }

  public List<Network> allowed() {
    return allowed;
  }

  /** A target the rules refuse: the message says which address and why. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** Why a call to this address is refused ("a loopback address"), or null when it may be called. */
  public String refusal(InetAddress address) {
    String internal = internalKind(address);
    return internal == null || allowed.stream().anyMatch(network -> network.contains(address)) ? null : internal;
  }

  /**
   * Resolves the host and checks every address it has (an answer with one internal address among public ones is
   * refused too). Blocks on DNS: call it off any thread that must not wait.
   */
  public void check(String host) throws Refused, UnknownHostException {
    boolean literal = host.matches("[0-9.]+") || host.contains(":");
    for (InetAddress address : InetAddress.getAllByName(host)) {
      String refusal = refusal(address);
      if (refusal != null) {
        throw new Refused((literal ? address.getHostAddress() + " is " : host + " resolves to "
            + address.getHostAddress() + ", ") + refusal + " that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list");
      }
    }
  }

  /**
   * For the API when a postback is saved: the target's problems (empty when none). A name that does not resolve
   * within a moment is accepted here, and checked again before every call.
   */
  public List<String> problems(String field, String url) {
    String host;
    try {
      host = URI.create(url.replaceAll("#[A-Za-z0-9_]+#|\\{[A-Za-z0-9_]+}", "x")).getHost();
    } catch (IllegalArgumentException e) {
      return List.of(); // PostbackUrl.problems says what is wrong with it
    }
    if (host == null) {
      return List.of();
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    CompletableFuture<Void> lookup = CompletableFuture.runAsync(() -> {
      try {
        check(bare);
      } catch (Refused | UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }, LOOKUPS);
    try {
      lookup.get(SAVE_LOOKUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return List.of();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause().getCause();
      return cause instanceof Refused refused ? List.of(field + ": " + refused.getMessage()) : List.of();
    } catch (TimeoutException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** What kind of address of our own (or nobody's) network this is, or null for a public address. */
  static String internalKind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address";
    }
    if (address.isSiteLocalAddress()) {
      return "a private address";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      if (first == 0 || first >= 240) {
        return "a reserved address";
      }
      if (first == 100 && (second & 0xc0) == 64) {
        return "a shared (carrier-grade NAT) address";
      }
      return null;
    }
    if (address instanceof Inet6Address) {
      if ((bytes[0] & 0xfe) == 0xfc) {
        return "a unique local address";
      }
      if (isNat64(bytes)) {
        try {
          byte[] embedded = {bytes[12], bytes[13], bytes[14], bytes[15]};
          String inner = internalKind(InetAddress.getByAddress(embedded));
          return inner == null ? null : inner + " (NAT64)";
        } catch (UnknownHostException e) {
          return "an unreadable address";
        }
      }
    }
    return null;
  }

  /** 64:ff9b::/96, the well-known NAT64 prefix that carries an IPv4 address. */
  private static boolean isNat64(byte[] bytes) {
    return bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b
        && java.util.stream.IntStream.range(4, 12).allMatch(i -> bytes[i] == 0);
  }
}
