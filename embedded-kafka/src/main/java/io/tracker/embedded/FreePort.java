package io.tracker.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port that was free a moment ago: for tests and for ports the user leaves at 0. Taken below the range
 * the kernel hands out to outgoing connections: a port asked of the kernel (port 0) comes from that range, and a
 * client socket opened between the choice and the server's bind (a Kafka client connecting to the broker that is
 * starting meanwhile) could take it as its local port, and the bind then fails. A port is handed out once per JVM:
 * a caller that takes several before binding any (a tracker's edge, API, broker and query ports) would otherwise
 * get the same one twice now and then, being free each time it was asked.
 */
public final class FreePort {
  static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePort() {}

  public static int find() {
    int below = ephemeralRangeStart();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!HANDED_OUT.add(port)) {
        continue; // claimed first, so that two threads asking at once cannot both take it
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException inUse) {
        // another one (this one stays claimed: something else holds it)
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
  }

  /** Linux's lower bound of ephemeral ports where it says so; 32768 (its default, below other systems') if not. */
  static int ephemeralRangeStart() {
    try {
      int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException unknown) {
      return 32_768;
    }
  }
}
