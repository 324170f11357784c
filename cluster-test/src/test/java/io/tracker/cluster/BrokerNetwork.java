package io.tracker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the brokers of the cluster test live. Preferably each in a Linux network namespace of its own, joined by
 * veth pairs to one bridge (in a namespace of its own too) that this JVM reaches through one more veth pair: then
 * a broker can be cut off from the other brokers while clients still reach it, as Jepsen partitions a cluster.
 * The addresses are from 198.18.0.0/15, the block set aside for testing network devices (RFC 2544); they exist only
 * inside these namespaces. Where namespaces cannot be made (not root, no CAP_NET_ADMIN), every broker listens on
 * loopback and no partition can be made: {@link #partitionable()} says which, {@link #describe()} says why.
 */
final class BrokerNetwork implements AutoCloseable {
  private static final String PREFIX = "trkc";
  private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+");
  private static final String LOOPBACK = "127.0.0.1";

  private final String ip;
  private final String id;
  private final int subnet;
  private final int brokers;
  private final String loopbackReason;
  private final List<String> cuts = new ArrayList<>();

  private BrokerNetwork(String ip, String id, int subnet, int brokers, String loopbackReason) {
    this.ip = ip;
    this.id = id;
    this.subnet = subnet;
    this.brokers = brokers;
    this.loopbackReason = loopbackReason;
  }

  /** Namespaces for the brokers when this machine lets us make them, else loopback (and the reason). */
  static BrokerNetwork create(int brokers) {
    String ip = findIp();
    if (ip == null) {
      return new BrokerNetwork(null, null, 0, brokers, "no `ip` command (iproute2) on this machine");
    }
    String id = PREFIX + ProcessHandle.current().pid();
    removeStale(ip);
    try {
      run(ip, "netns", "add", id + "-sw");
    } catch (IllegalStateException e) {
      return new BrokerNetwork(null, null, 0, brokers, "cannot create a network namespace here: " + e.getMessage());
    }
    BrokerNetwork network = new BrokerNetwork(ip, id, freeSubnet(ip), brokers, null);
    try {
      network.build();
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  boolean partitionable() {
    return loopbackReason == null;
  }

  String describe() {
    return partitionable()
        ? "each broker in a network namespace of its own (" + id + "-k1.." + brokers + ", 198.18." + subnet + ".0/24)"
        : "brokers on loopback, no partition phase: " + loopbackReason;
  }

  /** The broker's own address; with namespaces each broker keeps the compose file's ports on it. */
  String address(int broker) {
    return partitionable() ? host(10 + broker) : LOOPBACK;
  }

  /** What runs a command inside the broker's namespace (nothing on loopback). */
  List<String> launcher(int broker) {
    return partitionable() ? List.of(ip, "netns", "exec", namespace(broker)) : List.of();
  }

  /**
   * Cuts the broker off from the other brokers, both ways (packets to them are dropped at the sender), while
   * everyone else still reaches it: its clients keep talking to a node that the quorum has lost.
   */
  synchronized void cutOff(int broker) {
    for (int other = 1; other <= brokers; other++) {
      if (other != broker) {
        blackhole(broker, other);
        blackhole(other, broker);
      }
    }
  }

  synchronized void heal() {
    for (String cut : cuts) {
      String[] parts = cut.split(" ");
      run(ip, "-n", parts[0], "route", "del", "blackhole", parts[1] + "/32");
    }
    cuts.clear();
  }

  @Override
  public void close() {
    if (!partitionable()) {
      return;
    }
    for (int broker = 1; broker <= brokers; broker++) {
      runQuietly(ip, "netns", "del", namespace(broker));
    }
    // the bridge's namespace last: deleting it deletes this JVM's veth end too
    runQuietly(ip, "netns", "del", id + "-sw");
  }

  private void blackhole(int from, int to) {
    run(ip, "-n", namespace(from), "route", "add", "blackhole", address(to) + "/32");
    cuts.add(namespace(from) + " " + address(to));
  }

  private void build() {
    String bridgeNs = id + "-sw";
    String shortId = "tc" + id.substring(PREFIX.length());
    run(ip, "-n", bridgeNs, "link", "add", "br0", "type", "bridge");
    run(ip, "-n", bridgeNs, "link", "set", "br0", "up");
    // this JVM (and the apps it starts) reach the brokers through the host's end of one pair
    run(ip, "link", "add", shortId + "h", "type", "veth", "peer", "name", shortId + "hs", "netns", bridgeNs);
    run(ip, "-n", bridgeNs, "link", "set", shortId + "hs", "master", "br0", "up");
    run(ip, "addr", "add", host(1) + "/24", "dev", shortId + "h");
    run(ip, "link", "set", shortId + "h", "up");
    for (int broker = 1; broker <= brokers; broker++) {
      String ns = namespace(broker);
      String veth = shortId + "k" + broker;
      run(ip, "netns", "add", ns);
      run(ip, "-n", ns, "link", "set", "lo", "up");
      run(ip, "-n", ns, "link", "add", veth, "type", "veth", "peer", "name", veth + "s", "netns", bridgeNs);
      run(ip, "-n", bridgeNs, "link", "set", veth + "s", "master", "br0", "up");
      run(ip, "-n", ns, "addr", "add", address(broker) + "/24", "dev", veth);
      run(ip, "-n", ns, "link", "set", veth, "up");
    }
  }

  private String namespace(int broker) {
    return id + "-k" + broker;
  }

  private String host(int last) {
    return "198.18." + subnet + "." + last;
  }

  /** A /24 of 198.18.0.0/16 that no interface of this namespace uses (another run may hold one). */
  private static int freeSubnet(String ip) {
    String addresses = run(ip, "-4", "-o", "addr", "show");
    int start = (int) (ProcessHandle.current().pid() % 250);
    for (int i = 0; i < 250; i++) {
      int candidate = 1 + (start + i) % 250;
      if (!addresses.contains(" 198.18." + candidate + ".")) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 in 198.18.0.0/16");
  }

  /** Namespaces that an earlier run of this test left behind when its JVM died (its pid is gone). */
  private static void removeStale(String ip) {
    String listed;
    try {
      listed = run(ip, "netns", "list");
    } catch (IllegalStateException e) {
      return;
    }
    for (String line : listed.split("\n")) {
      Matcher ours = OURS.matcher(line.strip());
      if (ours.find() && ProcessHandle.of(Long.parseLong(ours.group(1))).isEmpty()) {
        runQuietly(ip, "netns", "del", line.strip().split("\\s")[0]);
      }
    }
  }

  private static String findIp() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    return dirs.stream().map(dir -> Path.of(dir, "ip")).filter(Files::isExecutable).map(Path::toString)
        .findFirst().orElse(null);
  }

  private static void runQuietly(String... command) {
    try {
      run(command);
    } catch (IllegalStateException e) {
      // already gone
    }
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
            + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }
}
