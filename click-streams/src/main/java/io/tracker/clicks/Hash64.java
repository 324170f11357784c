package io.tracker.clicks;

/**
 * A 64-bit hash of a few values (FNV-1a, finished with MurmurHash3's mix): fixed-width keys for state keyed by
 * an IP or an identity, and fingerprints of a request. Not for adversaries: a collision makes two IPs share a
 * click count, which takes about four billion IPs in one store to become likely.
 */
final class Hash64 {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private long hash = OFFSET;

  Hash64 add(long value) {
    hash = (hash ^ value) * PRIME;
    return this;
  }

  /** A string, its length first, so that ("ab", "c") and ("a", "bc") differ; null differs from "". */
  Hash64 add(String value) {
    if (value == null) {
      return add(-1L);
    }
    add(value.length());
    for (int i = 0; i < value.length(); i++) {
      hash = (hash ^ value.charAt(i)) * PRIME;
    }
    return this;
  }

  long value() {
    long h = hash;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  static long of(String value) {
    return new Hash64().add(value).value();
  }
}
