package io.goalrank.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How {@link VectorGenerator} cuts a batch into lockstep groups: over the threads first, bounded by heap. */
class GroupSizeTest {
  @Test
  void theBatchIsSpreadOverTheThreadsInGroupsOfAtMost32() {
    assertEquals(32, VectorGenerator.groupSize(32, 1, 50));
    assertEquals(16, VectorGenerator.groupSize(32, 2, 50));
    assertEquals(12, VectorGenerator.groupSize(24, 2, 50));
    assertEquals(2, VectorGenerator.groupSize(3, 2, 50));
    assertEquals(32, VectorGenerator.groupSize(100, 1, 50));
    assertEquals(1, VectorGenerator.groupSize(0, 4, 50));
  }

  /**
   * A group's requests keep their N-sized keys and values through the decode, in buffers its thread keeps: 32
   * requests of 1,000 candidates held four times the heap that groups of 8 did.
   */
  @Test
  void largeRequestsGetSmallerGroupsButNeverFewerThanEight() {
    assertEquals(32, VectorGenerator.groupSize(32, 1, 250));
    assertEquals(8, VectorGenerator.groupSize(32, 1, 1000));
    assertEquals(8, VectorGenerator.groupSize(32, 1, 5000));
    assertEquals(16, VectorGenerator.groupSize(32, 1, 500));
    for (int n = 1; n <= 5000; n += 7) {
      int g = VectorGenerator.groupSize(64, 1, n);
      assertTrue(g * n <= Math.max(VectorGenerator.GROUP_CANDIDATES, 8 * n), "n " + n + ": group " + g);
      assertTrue(g >= 8, "n " + n + ": group " + g);
    }
  }
}
