package io.tracker.platform;

import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start-up shape of every module run as its own process (production mode): read and check the module's
 * typed config (a bad one exits with status 2, every error listed), create the topics that are missing, start
 * the module with the process's metrics registry, and stop it cleanly on SIGTERM.
 */
public final class ProcessMain {
  private ProcessMain() {}

  private static final Logger log = LoggerFactory.getLogger(ProcessMain.class);

  public static <C> void run(String name, Function<Config, C> load,
      BiFunction<C, PrometheusMeterRegistry, ? extends AutoCloseable> start) {
    Config config = ConfigCheck.load(Map.of());
    C checked;
    try {
      checked = load.apply(config);
      KafkaTopics.ensure(config);
    } catch (ConfigCheck.InvalidConfig e) {
      log.error("{} cannot start: {}", name, e.getMessage());
      System.exit(2);
      return;
    }
    AutoCloseable module = start.apply(checked, Metrics.newRegistry());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        module.close();
      } catch (Exception e) {
        log.warn("{} did not stop cleanly", name, e);
      }
    }, name + "-shutdown"));
  }
}
