package io.tracker.admin;

import io.tracker.catalog.AffiliateKey;
import io.tracker.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each affiliate key was last used: recorded in the catalog at most once a {@link #EVERY} per key, off the
 * request thread, so that a busy key costs one catalog write a minute and a request never waits for it.
 */
final class KeyUses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyUses.class);
  static final Duration EVERY = Duration.ofMinutes(1);

  private final CatalogWriter writer;
  private final Map<Long, Instant> recorded = new ConcurrentHashMap<>();
  private final ExecutorService recorder = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "affiliate-key-uses");
    thread.setDaemon(true);
    return thread;
  });

  KeyUses(CatalogWriter writer) {
    this.writer = writer;
  }

  void used(AffiliateKey key) {
    Instant now = Instant.now();
    Instant last = key.getLastUsedAt();
    Instant before = recorded.get(key.getId());
    Instant latest = before == null || (last != null && last.isAfter(before)) ? last : before;
    if (latest != null && latest.plus(EVERY).isAfter(now)) {
      return;
    }
    if (recorded.put(key.getId(), now) == before) {
      recorder.execute(() -> record(key.getId(), now));
    }
  }

  private void record(long keyId, Instant when) {
    try {
      writer.update(Topics.AFFILIATE_KEYS, keyId, writer.catalog().affiliateKeys()::get,
          current -> current.getRevokedAt() != null ? null : AffiliateKey.newBuilder(current).setLastUsedAt(when).build());
    } catch (RuntimeException e) {
      log.warn("the last use of affiliate key {} could not be recorded: {}", keyId, e.toString());
    }
  }

  @Override
  public void close() {
    recorder.shutdownNow();
  }
}
