package io.tracker.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void aPortBelowTheKernelsOutgoingRangeThatAServerCanBind() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralStart = Files.exists(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 32_768;
    for (int i = 0; i < 20; i++) {
      int port = FreePort.find();
      assertTrue(port >= 10_000 && port < Math.max(ephemeralStart, 32_768), "port " + port);
      try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertTrue(server.isBound());
      }
    }
  }
}
