package io.tracker.attribution;

import java.util.Set;

/**
 * A report that each attribution instance answers for the partitions it holds, with answers that add up: the
 * instance asked gathers them all through {@link ClusterQuery}.
 */
interface PartitionedQuery<A> {

  /** Its name under {@link ClusterQuery#PEER_PATH}: where the other instances answer it. */
  String name();

  /** The same query as parameters, every default spelled out, so that each instance reads the same range. */
  String toQueryString();

  /** The answer from this instance's share of the decisions: the given partitions, each an active task here. */
  A read(LocalDecisions local, Set<Integer> partitions);

  A combine(A one, A other);

  Class<A> answerType();
}
