package io.tracker.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ClusterQueriesTest {
  private static final HostInfo FIRST = new HostInfo("127.0.0.1", 8082);
  private static final HostInfo SECOND = new HostInfo("127.0.0.1", 8083);

  @Test
  void aReportIsCompleteOnlyWhenTheInstancesTogetherHoldEveryPartition() {
    assertEquals(Set.of(), ClusterQueries.missingPartitions(Map.of(FIRST, Set.of(0, 2), SECOND, Set.of(1)), 3));
    assertEquals(Set.of(1), ClusterQueries.missingPartitions(Map.of(FIRST, Set.of(0, 2)), 3),
        "an instance that left, before the others took its partitions over");
    assertEquals(Set.of(0, 1), ClusterQueries.missingPartitions(Map.of(), 2), "nothing assigned yet");
  }
}
