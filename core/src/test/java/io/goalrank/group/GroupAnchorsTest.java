package io.goalrank.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code anchors:N} group source: N lists drawn round-robin from the anchor policies it was given. */
class GroupAnchorsTest {

  /** A policy that always proposes the same list. */
  private static SamplingPolicy constant(String name, int[] list) {
    return new SamplingPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RankedLists rank(RequestBatch batch, int listLength) {
        return RankedLists.of(new int[][] {list});
      }

      @Override
      public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
        int[][][] lists = new int[batch.size()][perRequest][];
        for (int r = 0; r < batch.size(); r++) {
          for (int k = 0; k < perRequest; k++) {
            lists[r][k] = list.clone();
          }
        }
        return new SampledLists(lists, new float[batch.size()][perRequest]);
      }
    };
  }

  private static RequestBatch batch() {
    return new RequestBatch(new int[] {0}, new int[] {0}, new int[][] {{0}}, new byte[][] {{1}},
        new int[][] {{0, 1, 2, 3, 4, 5}}, null, null);
  }

  @Test
  void anchorsContributeRoundRobinAndCopiesAreMasked() {
    GroupBuilder builder = new GroupBuilder(GroupSpec.parse("random:1,anchors:3"), GroupContext.builder(2)
        .optItemCounts(new int[6])
        .optAnchors(List.of(constant("a", new int[] {0, 1}), constant("b", new int[] {2, 3}))).build());
    GroupBuilder.Group group = builder.build(batch(), null, 1);
    assertEquals(4, group.size());
    assertArrayEquals(new int[] {0, 1}, group.lists()[0][1]);
    assertArrayEquals(new int[] {2, 3}, group.lists()[0][2]);
    assertArrayEquals(new int[] {0, 1}, group.lists()[0][3]);
    assertEquals(0f, group.mask()[0][3], "a repeated anchor list must not count twice");

    var none = assertThrows(IllegalStateException.class, () -> new GroupBuilder(
        GroupSpec.parse("random:1,anchors:2"), GroupContext.builder(2).optItemCounts(new int[6]).build())
        .build(batch(), null, 1));
    assertTrue(none.getMessage().contains("anchor"), none.getMessage());
    // validation groups are built without any trained generator
    assertEquals(GroupSpec.parse("random:3"), GroupSpec.parse("random:3,anchors:2,generator:3").auxiliaryPart());
  }
}
