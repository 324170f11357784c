package io.tracker.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void aPortBelowTheKernelsOutgoingRangeThatAServerCanBind() throws Exception {
    for (int i = 0; i < 20; i++) {
      int port = FreePort.find();
      assertTrue(port >= FreePort.LOWEST && port < FreePort.ephemeralRangeStart(), "port " + port);
      try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertTrue(server.isBound());
      }
    }
  }

  @Test
  void neverTheSamePortTwiceThoughEachIsReleasedAtOnce() {
    // 3,000 draws from about 22,000 ports: without the memory of ports handed out, a repeat is all but certain
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      int port = FreePort.find();
      assertTrue(seen.add(port), "port " + port + " handed out twice");
    }
  }
}
