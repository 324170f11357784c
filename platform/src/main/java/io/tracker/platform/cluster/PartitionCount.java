package io.tracker.platform.cluster;

import io.tracker.platform.HttpErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** How many partitions a topic has: asked of the cluster once, then kept (the count only changes with a redeploy). */
final class PartitionCount {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrapServers;
  private final String topic;
  private volatile int known;

  PartitionCount(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  int get() {
    if (known == 0) {
      known = ask();
    }
    return known;
  }

  private int ask() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic).partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpErrors.Unavailable("cannot learn how many partitions " + topic + " has", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpErrors.Unavailable("interrupted while asking how many partitions " + topic + " has", e);
    }
  }
}
