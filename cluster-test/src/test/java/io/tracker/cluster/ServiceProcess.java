package io.tracker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the compose file as a process of its own (a JVM, possibly inside a broker's network namespace),
 * with only its own environment, as a container has: killed with SIGKILL and started again on the same folders.
 */
final class ServiceProcess {
  private static final long STOP_WITHIN_SECONDS = 30;

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workDir;
  private final Path log;
  private Process process;

  ServiceProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.workDir = workDir;
    this.log = log;
  }

  String name() {
    return name;
  }

  Map<String, String> environment() {
    return environment;
  }

  synchronized void start() {
    if (alive()) {
      throw new IllegalStateException(name + " is running already");
    }
    try {
      Files.createDirectories(workDir);
      Files.writeString(log, "==== start " + String.join(" ", command).replaceAll("-cp \\S+ ", "") + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // a container sees only its image's and its service's variables: nothing of this JVM's environment leaks in
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye to the group or the quorum. */
  synchronized void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM, as {@code docker compose stop} sends: the service's own shutdown runs. */
  synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_WITHIN_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    awaitExit();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  Path log() {
    return log;
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(STOP_WITHIN_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    }
  }
}
