package io.tracker.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
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
}
