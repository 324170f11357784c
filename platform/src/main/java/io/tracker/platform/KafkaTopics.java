package io.tracker.platform;

import io.tracker.schemas.CatalogTopic;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import com.typesafe.config.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the tracker's topics when they are missing: compacted catalog topics, partitioned event topics. */
public final class KafkaTopics {
  private static final Duration LEADERS_WITHIN = Duration.ofSeconds(60);
  private static final Duration LEADER_POLL = Duration.ofMillis(50);

  private KafkaTopics() {}

  /**
   * For a module started on its own against a cluster: creates what is missing with the partitions, replication
   * and click retention of the "kafka" config section (TRACKER_EVENT_PARTITIONS, TRACKER_REPLICATION_FACTOR,
   * TRACKER_CLICK_TOPIC_RETENTION).
   */
  public static void ensure(Config config) {
    ConfigCheck kafka = ConfigCheck.of(config, "kafka");
    String bootstrapServers = kafka.nonEmpty("bootstrapServers");
    int partitions = kafka.intBetween("eventPartitions", 1, 10_000);
    int replication = kafka.intBetween("replicationFactor", 1, 32);
    Duration clickRetention = clickTopicRetention(kafka);
    kafka.done();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      ensure(admin, partitions, (short) replication, clickRetention);
    }
  }

  /** How long the click topics keep a click ("kafka" section): at least a day. */
  public static Duration clickTopicRetention(ConfigCheck kafka) {
    return kafka.durationAtLeast("clickTopicRetention", Duration.ofDays(1));
  }

  /** With the brokers' default retention on every topic (tests). */
  public static void ensure(Admin admin, int eventPartitions, short replicationFactor) {
    ensure(admin, eventPartitions, replicationFactor, null);
  }

  /** On a one-broker cluster (tests, benchmarks): one replica, the brokers' default retention. */
  public static void ensureOnOneBroker(String bootstrapServers, int eventPartitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      ensure(admin, eventPartitions, (short) 1);
    }
  }

  /**
   * Creates the missing topics; tracker.clicks and tracker.clicks.processed keep their records clickRetention
   * (set on them also when they exist, so that a changed setting takes effect), unless it is null.
   */
  public static void ensure(Admin admin, int eventPartitions, short replicationFactor, Duration clickRetention) {
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot list topics", e);
    }
    List<NewTopic> missing = new ArrayList<>();
    for (CatalogTopic<?> topic : Topics.catalog()) {
      if (!existing.contains(topic.name())) {
        // one partition: catalog changes are rare and keep their order; compaction keeps the latest of each id
        missing.add(new NewTopic(topic.name(), 1, replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
    }
    Map<String, String> clickTopicConfig = clickRetention == null ? Map.of()
        : Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(clickRetention.toMillis()));
    for (String topic : Topics.events()) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, eventPartitions, replicationFactor)
            .configs(Topics.clicks().contains(topic) ? clickTopicConfig : Map.of()));
      } else if (Topics.clicks().contains(topic) && !clickTopicConfig.isEmpty()) {
        setRetention(admin, topic, clickTopicConfig.get(TopicConfig.RETENTION_MS_CONFIG));
      }
    }
    // postback calls, attempts and pending states share key and partition count: a call's records meet in one task
    for (String topic : Topics.postbackEvents()) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, eventPartitions, replicationFactor));
      }
    }
    if (!existing.contains(Topics.POSTBACK_PENDING)) {
      missing.add(new NewTopic(Topics.POSTBACK_PENDING, eventPartitions, replicationFactor)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    if (!existing.contains(Topics.CAP_COUNTS)) {
      // one partition: a few records per cap and period, read whole by every edge
      missing.add(new NewTopic(Topics.CAP_COUNTS, 1, replicationFactor)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      admin.createTopics(missing).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topics " + missing, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
    awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
  }

  private static void setRetention(Admin admin, String topic, String retentionMs) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs), AlterConfigOp.OpType.SET)))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot set the retention of " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the retention of " + topic, e);
    }
  }

  /**
   * Waits until every partition of the new topics has a leader: an idempotent producer that meets a partition
   * still electing one can be left retrying an out-of-order sequence until its delivery timeout.
   */
  private static void awaitLeaders(Admin admin, List<String> topics) {
    long deadline = System.nanoTime() + LEADERS_WITHIN.toNanos();
    while (true) {
      try {
        boolean led = admin.describeTopics(topics).allTopicNames().get().values().stream()
            .flatMap(topic -> topic.partitions().stream())
            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        if (led) {
          return;
        }
      } catch (ExecutionException e) {
        // a topic just created may not be known to every broker yet: ask again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic leaders", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + topics + " have no leader for every partition after " + LEADERS_WITHIN);
      }
      try {
        Thread.sleep(LEADER_POLL.toMillis()); // poll interval of the metadata, bounded by the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic leaders", e);
      }
    }
  }
}
