package io.tracker.platform.cluster;

import java.util.Set;

/**
 * A question every instance of a Streams app answers for the partitions it holds, with answers that add up:
 * the instance asked gathers them all through {@link ClusterQueries}.
 *
 * @param <L> what an instance reads its own stores with
 * @param <A> an instance's share of the answer, sent between instances as JSON
 */
public interface PartitionedQuery<L, A extends Share<A>> {

  /** Its name on the internal route where the other instances answer it. */
  String name();

  /** The same query as parameters, every default spelled out, so that each instance reads the same range. */
  String toQueryString();

  /** The answer from this instance's share: the given partitions, each an active task here. */
  A read(L local, Set<Integer> partitions);

  Class<A> answerType();
}
