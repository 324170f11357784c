package io.tracker.cluster;

import io.tracker.embedded.FreePort;
import io.tracker.embedded.KafkaNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * docker-compose.yml run without Docker: every service a process of its own, started with the service's main
 * class (its {@code command}, which the Dockerfile's entry point runs) or, for the {@code apache/kafka} brokers,
 * embedded-kafka's {@link KafkaNode}, which reads the same {@code KAFKA_*} variables as the image. Each service
 * keeps the compose file's environment with what a container network gives it rewritten for this machine:
 * <ul>
 *   <li>a service's host name becomes its address (a broker's own namespace address, else 127.0.0.1);</li>
 *   <li>a port a service listens on becomes a free port of 127.0.0.1 (a broker in its own namespace keeps its
 *       ports), wherever it is named: its own {@code *_PORT}, its listeners, other services' URLs;</li>
 *   <li>an absolute path is under the service's own folder, which stands for its container's file system and its
 *       volumes, and keeps what it holds across restarts; the service runs in the image's working directory
 *       there (the Dockerfile's {@code WORKDIR});</li>
 *   <li>a service that listens on all its container's interfaces listens on 127.0.0.1 ({@code *_HOST}).</li>
 * </ul>
 */
final class ComposeCluster implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Pattern LISTENER = Pattern.compile("([A-Za-z_]+)://([^:,]*):(\\d+)");

  private final BrokerNetwork network;
  private final Map<String, Integer> brokerIndex = new HashMap<>();
  private final Map<String, Integer> hostPorts = new HashMap<>();
  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
  private final Pattern serviceNames;

  /**
   * @param jvmOptions the JVM options of a service (heap sizes for a 2-core test machine)
   */
  ComposeCluster(ComposeFile compose, String workingDirectory, BrokerNetwork network, Path root,
      Function<ComposeFile.Service, List<String>> jvmOptions) {
    this.network = network;
    compose.services().values().stream().filter(ComposeFile.Service::isKafka)
        .forEach(service -> brokerIndex.put(service.name(), brokerIndex.size() + 1));
    this.serviceNames = Pattern.compile("(?<![\\w.-])(" + compose.services().keySet().stream()
        .sorted(Comparator.comparing(String::length).reversed()).map(Pattern::quote)
        .collect(Collectors.joining("|")) + ")(?::(\\d+))?(?![\\w.-])");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (ComposeFile.Service service : compose.services().values()) {
      Path fileSystem = root.resolve(service.name());
      Map<String, String> environment = new LinkedHashMap<>();
      service.environment().forEach((name, value) -> environment.put(name, rewrite(service, name, value, fileSystem)));
      service.environment().keySet().stream().filter(name -> name.endsWith("_PORT") && !service.isKafka())
          .map(name -> name.substring(0, name.length() - "_PORT".length()) + "_HOST")
          .forEach(host -> environment.putIfAbsent(host, LOOPBACK));
      List<String> command = new ArrayList<>();
      if (service.isKafka()) {
        command.addAll(network.launcher(brokerIndex.get(service.name())));
      }
      command.add(java);
      command.addAll(jvmOptions.apply(service));
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(service.isKafka() ? KafkaNode.class.getName() : service.command().get(0));
      command.addAll(service.isKafka() ? List.of() : service.command().subList(1, service.command().size()));
      processes.put(service.name(), new ServiceProcess(service.name(), command, environment,
          under(fileSystem, workingDirectory), root.resolve(service.name() + ".log")));
    }
  }

  ServiceProcess service(String name) {
    ServiceProcess process = processes.get(name);
    if (process == null) {
      throw new IllegalArgumentException("no service " + name + " in the compose file");
    }
    return process;
  }

  List<String> brokers() {
    return List.copyOf(brokerIndex.keySet().stream().sorted().toList());
  }

  int brokerIndex(String broker) {
    return brokerIndex.get(broker);
  }

  /** Where a service's container port is reached from this JVM, "host:port". */
  String address(String service, int containerPort) {
    return addressOf(service) + ":" + hostPort(service, containerPort);
  }

  /** Starts every service at once, as {@code docker compose up} does (depends_on only orders the starts). */
  void startAll() {
    processes.values().forEach(ServiceProcess::start);
  }

  @Override
  public void close() {
    // the apps first, so that they do not spend their last seconds retrying brokers that are gone
    processes.values().parallelStream().filter(process -> !brokerIndex.containsKey(process.name()))
        .forEach(ServiceProcess::stop);
    processes.values().parallelStream().filter(process -> brokerIndex.containsKey(process.name()))
        .forEach(ServiceProcess::stop);
  }

  private String rewrite(ComposeFile.Service service, String name, String value, Path fileSystem) {
    if (value.startsWith("/")) {
      return under(fileSystem, value).toString();
    }
    if (name.endsWith("_PORT") && value.matches("\\d+")) {
      return String.valueOf(hostPort(service.name(), Integer.parseInt(value)));
    }
    if (name.equals("KAFKA_LISTENERS")) {
      return replace(LISTENER, value, listener -> listener.group(1) + "://" + addressOf(service.name()) + ":"
          + hostPort(service.name(), Integer.parseInt(listener.group(3))));
    }
    return replace(serviceNames, value, reference -> reference.group(2) == null ? addressOf(reference.group(1))
        : address(reference.group(1), Integer.parseInt(reference.group(2))));
  }

  private String addressOf(String service) {
    Integer broker = brokerIndex.get(service);
    return broker == null ? LOOPBACK : network.address(broker);
  }

  private int hostPort(String service, int containerPort) {
    if (brokerIndex.containsKey(service) && network.partitionable()) {
      return containerPort; // a broker in its own namespace has its own ports
    }
    return hostPorts.computeIfAbsent(service + ":" + containerPort, key -> FreePort.find());
  }

  private static Path under(Path fileSystem, String absolutePath) {
    return fileSystem.resolve("fs").resolve(absolutePath.substring(1));
  }

  private static String replace(Pattern pattern, String value, Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
