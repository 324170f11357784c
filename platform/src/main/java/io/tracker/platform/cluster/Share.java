package io.tracker.platform.cluster;

/** One instance's answer to a {@link PartitionedQuery}: the shares of all instances add up to the whole answer. */
public interface Share<A extends Share<A>> {
  A plus(A other);
}
