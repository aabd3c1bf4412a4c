package io.goalrank.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import org.junit.jupiter.api.Test;

/** Training draws of objective weights, and the repeated batch they are used with. */
class WeightDrawsTest {

  @Test
  void severalDrawsPerRequestCoverEveryObjectiveWithinRange() {
    int[] ids = {4, 9, 17, 30};
    WeightDraws draws = new WeightDraws(2f, 3);
    float[][] w = draws.draw(77, ids);
    assertEquals(ids.length * 3, w.length);
    for (int r = 0; r < ids.length; r++) {
      boolean[] raised = new boolean[3];
      int relevanceOnly = 0;
      for (int c = 0; c < 3; c++) {
        float[] v = w[c * ids.length + r];
        assertEquals(1f, v[0]);
        int others = 0;
        for (int k = 1; k < v.length; k++) {
          assertTrue(v[k] >= 0 && v[k] <= 2f, java.util.Arrays.toString(v));
          if (v[k] > 0) {
            raised[k] = true;
            others++;
          }
        }
        assertTrue(others <= 1, "more than one other objective raised: " + java.util.Arrays.toString(v));
        relevanceOnly += others == 0 ? 1 : 0;
      }
      assertTrue(raised[1] && raised[2] && relevanceOnly == 1, "request " + ids[r] + " did not cycle");
    }
    // a resumed run draws the same; another step draws differently
    assertArrayEquals(w, draws.draw(77, ids));
    assertTrue(!java.util.Arrays.deepEquals(w, draws.draw(78, ids)));
    assertEquals(ids.length, WeightDraws.single(2f).draw(1, ids).length);
    for (float[] v : new WeightDraws(2f, 3, true, 0).draw(5, ids)) {
      assertTrue(v[1] == 0 && v[2] == 0 || v[1] == 2f && v[2] == 0 || v[1] == 0 && v[2] == 2f,
          "not a corner: " + java.util.Arrays.toString(v));
    }
    WeightDraws warm = WeightDraws.single(2f).withWarmup(3);
    for (float[] v : warm.draw(9, ids, 2)) {
      assertTrue(v[1] == 2f && v[2] == 0 || v[1] == 0 && v[2] == 2f, "warm-up draw " + java.util.Arrays.toString(v));
    }
    assertArrayEquals(WeightDraws.single(2f).draw(9, ids), warm.draw(9, ids, 3), "after the warm-up: the usual draws");
    assertThrows(IllegalArgumentException.class, () -> WeightDraws.single(2f).withWarmup(-1));
    assertThrows(IllegalArgumentException.class, () -> new WeightDraws(0f, 1));
    assertThrows(IllegalArgumentException.class, () -> new WeightDraws(2f, 0));
  }

  @Test
  void aRepeatedBatchListsEveryRequestOncePerCopyInOrder() {
    RequestBatch batch = new RequestBatch(new int[] {3, 8}, new int[] {0, 1}, new int[][] {{1}, {2}},
        new byte[][] {{1}, {0}}, new int[][] {{5, 6}, {7, 8}}, new float[][] {{1, 0}, {0, 1}}, null);
    RequestBatch twice = batch.repeated(3);
    assertEquals(6, twice.size());
    assertArrayEquals(new int[] {3, 8, 3, 8, 3, 8}, twice.requestIds());
    assertArrayEquals(batch.candidates()[1], twice.candidates()[5]);
    assertArrayEquals(batch.labels()[0], twice.labels()[4]);
    assertEquals(null, twice.retrieverScores());
    assertTrue(batch.repeated(1) == batch);
  }
}
