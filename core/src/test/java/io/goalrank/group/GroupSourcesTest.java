package io.goalrank.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.ScoringPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry every group spec, the CLI help and the trainer read. */
class GroupSourcesTest {
  private static final int N = 8;

  private static RequestBatch batch() {
    return new RequestBatch(new int[] {0, 1}, new int[] {0, 1}, new int[][] {{0}, {1}}, new byte[][] {{1}, {1}},
        new int[][] {{0, 1, 2, 3, 4, 5, 6, 7}, {7, 6, 5, 4, 3, 2, 1, 0}}, null,
        new float[][] {{8, 7, 6, 5, 4, 3, 2, 1}, {1, 2, 3, 4, 5, 6, 7, 8}});
  }

  private static GroupContext fullContext() {
    List<int[]> categories = new java.util.ArrayList<>();
    for (int i = 0; i < N; i++) {
      categories.add(new int[] {i % 2});
    }
    ItemCatalog catalog = new ItemCatalog(java.util.Collections.nCopies(N, "item"), categories, List.of("a", "b"));
    return GroupContext.builder(3).optItemCounts(new int[] {5, 1, 4, 2, 3, 9, 0, 7}).optCatalog(catalog)
        .optScorer("dnn", new ScoringPolicy("dnn", b -> new float[][] {{1, 2, 3, 4, 5, 6, 7, 8},
            {8, 7, 6, 5, 4, 3, 2, 1}}, 1f))
        .optAnchors(List.of(new io.goalrank.policy.GreedyProposer(new RandomPolicy(1))))
        .optExtra(TeacherArgmax.class, new TeacherArgmax(TEACHER))
        .build();
  }

  /** A teacher whose argmax is the last three slots, best last first. */
  private static final io.goalrank.core.RankingPolicy TEACHER = new io.goalrank.core.RankingPolicy() {
    @Override
    public String name() {
      return "reward-greedy";
    }

    @Override
    public io.goalrank.core.RankedLists rank(RequestBatch batch, int listLength) {
      int[][] lists = new int[batch.size()][];
      for (int b = 0; b < lists.length; b++) {
        lists[b] = new int[] {N - 1, N - 2, N - 3};
      }
      return io.goalrank.core.RankedLists.of(lists);
    }
  };

  @Test
  void teacherGreedyRepeatsTheTeachersArgmaxAndNeedsOne() {
    int[][][] lists = GroupSources.create("teacher-greedy", fullContext()).propose(batch(), null, 2, 1);
    for (int[][] request : lists) {
      for (int[] list : request) {
        assertEquals(List.of(N - 1, N - 2, N - 3), java.util.Arrays.stream(list).boxed().toList());
      }
    }
    var missing = assertThrows(IllegalArgumentException.class,
        () -> GroupSources.create("teacher-greedy", GroupContext.builder(3).optItemCounts(new int[N]).build()));
    assertTrue(missing.getMessage().contains("needs a teacher with a greedy list"), missing.getMessage());
  }

  @Test
  void everyRegisteredSourceProposesCountListsOfDistinctSlots() {
    GroupContext context = fullContext();
    for (String name : GroupSources.names()) {
      if (name.equals("logging")) {
        continue; // needs simulated data: ListRewardModelTest
      }
      GroupSource source = GroupSources.create(name, context);
      assertEquals(name, source.name());
      int[][][] lists = source.propose(batch(), new io.goalrank.policy.GreedyProposer(new RandomPolicy(2)), 2, 9);
      assertEquals(2, lists.length, name);
      for (int[][] request : lists) {
        assertEquals(2, request.length, name);
        for (int[] list : request) {
          assertEquals(3, java.util.Arrays.stream(list).distinct().filter(s -> s >= 0 && s < N).count(), name);
        }
      }
    }
  }

  @Test
  void unknownAndUnmetSourcesAreNamed() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse("random:1,evaluator:2"));
    assertTrue(unknown.getMessage().contains("evaluator") && unknown.getMessage().contains("dnn-pl"),
        unknown.getMessage());
    var noDnn = assertThrows(IllegalArgumentException.class, () -> new GroupBuilder(
        GroupSpec.parse("random:1,dnn-pl:2"), GroupContext.builder(3).optItemCounts(new int[N]).build()));
    assertTrue(noDnn.getMessage().contains("dnn-pl") && noDnn.getMessage().contains("'dnn' scorer"),
        noDnn.getMessage());
    var noSimulator = assertThrows(IllegalArgumentException.class, () -> new GroupBuilder(
        GroupSpec.parse("random:1,logging:2"), GroupContext.builder(3).optItemCounts(new int[N]).build()));
    assertTrue(noSimulator.getMessage().contains("simulated"), noSimulator.getMessage());
  }

  @Test
  void metadataDrivesScorersAndTheAuxiliaryPart() {
    assertEquals(List.of("dnn"), GroupSources.scorersNeeded(GroupSpec.parse(GroupSpec.DEFAULT)));
    assertEquals(List.of(), GroupSources.scorersNeeded(GroupSpec.parse("random:2,generator:3")));
    assertTrue(GroupSpec.parse("random:2,anchors:1").followsGenerators());
    assertFalse(GroupSpec.parse("random:2,dnn:1").followsGenerators());
    assertEquals(GroupSources.names().size(), GroupSources.help().size());
  }
}
