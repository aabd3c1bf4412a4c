package io.goalrank.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.core.TopK;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "how to add an auxiliary policy" recipe of docs/ARCHITECTURE.md, done: one {@link GroupSource} class (here
 * {@link LeastPopular}, the least popular candidates first, reading the item counts from its context) and one
 * {@link GroupSources} line (here {@code GroupSources.register}, closed after the test). Nothing else changes: group
 * specs parse it, the builder puts its lists in the group, and help lists it.
 */
class AddAGroupSourceTest {
  /** The source: the L least popular candidates, one distinct list per request. */
  static final class LeastPopular implements GroupSource {
    private final int[] counts;
    private final int listLength;

    LeastPopular(GroupContext context) {
      counts = context.itemCounts();
      listLength = context.listLength();
    }

    @Override
    public String name() {
      return "least-popular";
    }

    @Override
    public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
      int[][] lists = new int[batch.size()][];
      for (int b = 0; b < batch.size(); b++) {
        int[] candidates = batch.candidates()[b];
        float[] unpopularity = new float[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
          unpopularity[c] = -counts[candidates[c]];
        }
        lists[b] = TopK.select(unpopularity, listLength);
      }
      return GroupSource.repeat(lists, count);
    }
  }

  @Test
  void oneClassAndOneLineMakeAGroupSource() {
    RequestBatch batch = new RequestBatch(new int[] {0}, new int[] {0}, new int[][] {{0}}, new byte[][] {{1}},
        new int[][] {{0, 1, 2, 3, 4, 5}}, null, new float[][] {{6, 5, 4, 3, 2, 1}});
    GroupContext context = GroupContext.builder(2).optItemCounts(new int[] {5, 1, 4, 0, 3, 9}).build();
    assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse("least-popular:1"));
    try (var registration = GroupSources.register(new GroupSources.Registration("least-popular",
        "the least popular candidates first", false, List.of(), LeastPopular::new))) {
      GroupSpec spec = GroupSpec.parse("least-popular:1,mf-order:1");
      GroupBuilder.Group group = new GroupBuilder(spec, context).build(batch, null, 3);
      assertEquals(2, group.size());
      assertArrayEquals(new int[] {3, 1}, group.lists()[0][0], "counts 0 then 1");
      assertTrue(GroupSources.help().stream().anyMatch(l -> l.startsWith("least-popular")));
    }
    assertFalse(GroupSources.names().contains("least-popular"));
  }
}
