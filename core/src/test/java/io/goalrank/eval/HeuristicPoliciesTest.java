package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The heuristic policies of {@code io.goalrank.policy} and their top-k selection. */
class HeuristicPoliciesTest {

  static RequestBatch batch(int[] ids, int[][] candidates, float[][] retriever) {
    int b = ids.length;
    return new RequestBatch(ids, new int[b], new int[b][0], new byte[b][0], candidates, null, retriever);
  }

  @Test
  void topKMatchesStableSortOnRandomInputs() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int c = 0; c < 5_000; c++) {
      int n = 1 + rnd.nextInt(60);
      int k = rnd.nextInt(n + 1);
      int levels = 1 + rnd.nextInt(8); // few levels: many ties
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = rnd.nextInt(10) == 0 ? Float.NaN : rnd.nextInt(levels);
      }
      // reference: stable sort by descending score with NaN last keeps ties in slot order
      Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(i -> Float.isNaN(s[i]) ? Double.POSITIVE_INFINITY : -s[i]));
      int[] expected = Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, TopK.select(s, k), "seed=" + seed + " case=" + c + " s=" + Arrays.toString(s));
    }
    assertThrows(IllegalArgumentException.class, () -> TopK.select(new float[3], 4));
  }

  @Test
  void retrieverOrderTakesTopScoresWithLowerSlotOnTies() {
    float[][] r = {{0.1f, 0.9f, 0.5f, 0.9f, 0.2f}};
    RankedLists out = new RetrieverOrderPolicy().rank(batch(new int[] {0}, new int[][] {{10, 11, 12, 13, 14}}, r), 3);
    assertArrayEquals(new int[] {1, 3, 2}, out.lists()[0]);
    assertArrayEquals(r[0], out.scores()[0]);
    assertEquals("mf-order", new RetrieverOrderPolicy().name());
    assertThrows(IllegalArgumentException.class,
        () -> new RetrieverOrderPolicy().rank(batch(new int[] {0}, new int[][] {{1, 2}}, null), 1));
  }

  @Test
  void popularityRanksByItemCounts() {
    int[] counts = {5, 0, 7, 7, 1};
    // candidates are items 4,3,0,2,1 -> counts 1,7,5,7,0 -> slots 1 (7), 3 (7, later), 2 (5)
    RankedLists out = new PopularityPolicy(counts).rank(batch(new int[] {0}, new int[][] {{4, 3, 0, 2, 1}}, null), 3);
    assertArrayEquals(new int[] {1, 3, 2}, out.lists()[0]);
    assertArrayEquals(new float[] {1, 7, 5, 7, 0}, out.scores()[0]);
    assertThrows(IllegalArgumentException.class,
        () -> new PopularityPolicy(counts).rank(batch(new int[] {0}, new int[][] {{9, 0}}, null), 1));
  }

  @Test
  void randomIsReproducibleAndIndependentOfBatching() {
    int n = 50;
    int[][] cand = new int[4][n];
    int[] ids = {3, 8, 21, 40};
    RandomPolicy p = new RandomPolicy(42);
    RankedLists whole = p.rank(batch(ids, cand, null), 6);
    RankedLists again = new RandomPolicy(42).rank(batch(ids, cand, null), 6);
    RankedLists single = p.rank(batch(new int[] {21}, new int[][] {cand[2]}, null), 6);
    for (int b = 0; b < 4; b++) {
      assertArrayEquals(whole.lists()[b], again.lists()[b]);
      assertEquals(6, Arrays.stream(whole.lists()[b]).distinct().count());
      assertTrue(Arrays.stream(whole.lists()[b]).allMatch(s -> s >= 0 && s < n));
      assertArrayEquals(TopK.select(whole.scores()[b], 6), whole.lists()[b]); // list agrees with its scores
    }
    assertArrayEquals(whole.lists()[2], single.lists()[0]);
    assertFalse(Arrays.equals(whole.lists()[0], whole.lists()[1]));
    RankedLists other = new RandomPolicy(43).rank(batch(ids, cand, null), 6);
    assertFalse(Arrays.deepEquals(whole.lists(), other.lists()));
  }

  @Test
  void randomIsRoughlyUniformOverSlots() {
    int n = 10;
    int requests = 20_000;
    int[] ids = IntStream.range(0, requests).toArray();
    RankedLists out = new RandomPolicy(7).rank(batch(ids, new int[requests][n], null), 1);
    int[] firsts = new int[n];
    for (int[] l : out.lists()) {
      firsts[l[0]]++;
    }
    // expected 2000 per slot, sd ~42; 250 is ~6 sd
    for (int c : firsts) {
      assertTrue(Math.abs(c - requests / n) < 250, Arrays.toString(firsts));
    }
  }
}
