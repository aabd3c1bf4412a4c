package io.goalrank.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import io.goalrank.policy.ScoringPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The objective-aimed group sources: diverse lists cover more categories, novel lists hold less popular items. */
class ObjectiveHeuristicsTest {
  // 12 candidates: the six best-scored are all category 0 and the most popular; the rest spread over 1..5
  private static final float[][] SCORES = {{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}};
  private static final int[] COUNTS = {90, 80, 70, 60, 50, 40, 5, 4, 3, 2, 1, 0};

  private static RequestBatch batch() {
    int[] candidates = new int[12];
    for (int i = 0; i < 12; i++) {
      candidates[i] = i;
    }
    return new RequestBatch(new int[] {0}, new int[] {0}, new int[][] {{0}}, new byte[][] {{1}},
        new int[][] {candidates}, null, null);
  }

  private static ItemCatalog catalog() {
    List<String> titles = new ArrayList<>();
    List<int[]> categories = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      titles.add("i" + i);
      categories.add(new int[] {i < 6 ? 0 : 1 + (i - 6) % 5});
    }
    return new ItemCatalog(titles, categories, List.of("c0", "c1", "c2", "c3", "c4", "c5"));
  }

  @Test
  void aDiverseListTradesScoreForCategoriesTheListLacks() {
    // one list: strength λ = 2, no noise. z-scores of 12..1 are 0.28 apart, so a covered category (−2) costs more
    // than dropping several ranks: the top item, then the best of each new category
    int[][][] one = ObjectiveHeuristics.diverse(SCORES, batch(), catalog(), 1, 4, 7);
    assertArrayEquals(new int[] {0, 6, 7, 8}, one[0][0]);
    assertEquals(4, categories(one[0][0])); // the DNN's greedy list, items 0..3, has one

    int[][][] lists = ObjectiveHeuristics.diverse(SCORES, batch(), catalog(), 3, 4, 7);
    assertEquals(3, lists[0].length);
    for (int[] list : lists[0]) {
      assertEquals(4, new HashSet<>(List.of(box(list))).size(), "a list repeats a candidate");
    }
    assertArrayEquals(lists[0][1], ObjectiveHeuristics.diverse(SCORES, batch(), catalog(), 3, 4, 7)[0][1],
        "the same seed must give the same lists");
  }

  @Test
  void novelListsHoldLessPopularItems() {
    int[][][] lists = ObjectiveHeuristics.novel(SCORES, batch(), COUNTS, 2, 4, 7);
    double greedy = (COUNTS[0] + COUNTS[1] + COUNTS[2] + COUNTS[3]) / 4.0;
    for (int[] list : lists[0]) {
      double mean = 0;
      for (int slot : list) {
        mean += COUNTS[slot] / 4.0;
      }
      assertTrue(mean < greedy, "mean popularity " + mean + " not below the greedy list's " + greedy);
    }
  }

  @Test
  void aGroupWithDiverseListsNeedsCategories() {
    var noCategories = assertThrows(IllegalArgumentException.class, () -> new GroupBuilder(
        GroupSpec.parse("random:2,dnn-diverse:2"), GroupContext.builder(4).optItemCounts(COUNTS)
        .optCatalog(ItemCatalog.empty()).optScorer("dnn", new ScoringPolicy("dnn", b -> SCORES, 1f)).build()));
    assertTrue(noCategories.getMessage().contains("categories"), noCategories.getMessage());
    GroupBuilder.Group group = new GroupBuilder(GroupSpec.parse("dnn:1,dnn-diverse:2,dnn-novel:2"),
        GroupContext.builder(4).optItemCounts(COUNTS).optCatalog(catalog())
            .optScorer("dnn", new ScoringPolicy("dnn", b -> SCORES, 1f)).build()).build(batch(), null, 3);
    assertEquals(5, group.size());
    assertEquals(1, categories(group.lists()[0][0]), "the DNN's greedy list is all category 0");
  }

  private static int categories(int[] list) {
    Set<Integer> seen = new HashSet<>();
    for (int slot : list) {
      seen.add(catalog().categories().get(slot)[0]);
    }
    return seen.size();
  }

  private static Integer[] box(int[] list) {
    Integer[] out = new Integer[list.length];
    for (int i = 0; i < list.length; i++) {
      out[i] = list[i];
    }
    return out;
  }
}
