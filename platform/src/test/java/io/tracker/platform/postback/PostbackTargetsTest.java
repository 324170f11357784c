package io.tracker.platform.postback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostbackTargetsTest {
  private final PostbackTargets none = PostbackTargets.allowing("");

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void refusesEveryInternalKindOfAddress() throws Exception {
    assertEquals("a loopback address", none.refusal(ip("127.0.0.1")));
    assertEquals("a loopback address", none.refusal(ip("::1")));
    assertEquals("a private address", none.refusal(ip("10.1.2.3")));
    assertEquals("a private address", none.refusal(ip("172.16.0.9")));
    assertEquals("a private address", none.refusal(ip("192.168.1.1")));
    assertEquals("a link-local address", none.refusal(ip("169.254.169.254")));
    assertEquals("a link-local address", none.refusal(ip("fe80::1")));
    assertEquals("a unique local address", none.refusal(ip("fd00::5")));
    assertEquals("the unspecified address", none.refusal(ip("0.0.0.0")));
    assertEquals("a shared (carrier-grade NAT) address", none.refusal(ip("100.64.0.1")));
    assertEquals("a loopback address", none.refusal(ip("::ffff:127.0.0.1")), "IPv4-mapped");
    assertEquals("a private address (NAT64)", none.refusal(ip("64:ff9b::10.0.0.1")));
  }

  @Test
  void letsPublicAddressesAndAllowedNetworksThrough() throws Exception {
    assertNull(none.refusal(ip("93.184.216.34")));
    assertNull(none.refusal(ip("2606:2800:220:1::1")));
    assertNull(none.refusal(ip("172.32.0.1")), "just outside 172.16/12");
    PostbackTargets allowing = PostbackTargets.allowing("127.0.0.1/32, 10.20.0.0/16, fd00::/8");
    assertNull(allowing.refusal(ip("127.0.0.1")));
    assertEquals("a loopback address", allowing.refusal(ip("127.0.0.2")));
    assertNull(allowing.refusal(ip("10.20.255.1")));
    assertEquals("a private address", allowing.refusal(ip("10.21.0.1")));
    assertNull(allowing.refusal(ip("fd00::5")));
  }

  @Test
  void checksWhatAHostResolvesTo() throws Exception {
    PostbackTargets.Refused refused = assertThrows(PostbackTargets.Refused.class, () -> none.check("localhost"));
    assertEquals(true, refused.getMessage().startsWith("localhost resolves to "), refused.getMessage());
    assertEquals("127.0.0.1 is a loopback address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list",
        assertThrows(PostbackTargets.Refused.class, () -> none.check("127.0.0.1")).getMessage());
    PostbackTargets.allowing("127.0.0.1/32").check("127.0.0.1");
  }

  @Test
  void refusesAPrivateTargetWhenSaved() {
    assertEquals(List.of("url: 10.0.0.7 is a private address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list"),
        none.problems("url", "http://10.0.0.7/pb?t=#tid#"));
    assertEquals(List.of("url: 0:0:0:0:0:0:0:1 is a loopback address that TRACKER_POSTBACK_ALLOWED_NETWORKS does not list"),
        none.problems("url", "http://[::1]:8080/pb"));
    assertEquals(List.of(), PostbackTargets.allowing("10.0.0.0/8").problems("url", "http://10.0.0.7/pb"));
  }

  @Test
  void parsesNetworksAndSaysWhatIsWrong() throws Exception {
    assertEquals("'10.0.0.0/33' has a prefix length outside 0..32",
        assertThrows(IllegalArgumentException.class, () -> Network.parse("10.0.0.0/33")).getMessage());
    assertEquals("'intranet' is not an IP address or network",
        assertThrows(IllegalArgumentException.class, () -> Network.parse("intranet")).getMessage());
    Network net = Network.parse("192.168.8.0/21");
    assertEquals(true, net.contains(ip("192.168.15.255")));
    assertEquals(false, net.contains(ip("192.168.16.0")));
  }
}
