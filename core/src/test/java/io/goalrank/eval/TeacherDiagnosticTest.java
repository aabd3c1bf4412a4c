package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherDiagnosticTest {
  @Test
  void aPerfectTeacherOrdersEveryPair() {
    TeacherDiagnostic d = TeacherDiagnostic.ofScores("x", new float[][] {{0.1f, 0.5f, 0.9f}},
        new float[][] {{1f, 2f, 3f}});
    assertEquals(1.0, d.pairwiseAccuracy(), 1e-12);
    assertEquals(1.0, d.kendallTau(), 1e-12);
    assertEquals(1.0, d.bestListAgreement(), 1e-12);
    assertEquals(0.0, d.regret(), 1e-12);
  }

  @Test
  void aReversedTeacherOrdersNoPairAndPaysTheWholeGap() {
    TeacherDiagnostic d = TeacherDiagnostic.ofScores("x", new float[][] {{0.9f, 0.5f, 0.1f}},
        new float[][] {{1f, 2f, 3f}});
    assertEquals(0.0, d.pairwiseAccuracy(), 1e-12);
    assertEquals(-1.0, d.kendallTau(), 1e-12);
    assertEquals(0.0, d.bestListAgreement(), 1e-12);
    assertEquals(2.0, d.regret(), 1e-12);
  }

  @Test
  void tiesCountHalfAndTauBCorrectsForThem() {
    // pairs with different truth: (0,1) tie in r̂ -> 1/2, (0,2) right, (1,2) right; (2,3) tied in truth: not judged
    TeacherDiagnostic d = TeacherDiagnostic.ofScores("x", new float[][] {{0.2f, 0.2f, 0.8f, 0.1f}},
        new float[][] {{1f, 2f, 3f, 3f}});
    // judged pairs (truth differs): 01 ½, 02 1, 03 0 (r̂ says 0 > 3), 12 1, 13 0, 23 -- => (½+1+0+1+0)/5
    assertEquals(2.5 / 5, d.pairwiseAccuracy(), 1e-12);
    // τ-b: concordant 02,12 = 2; discordant 03,13 = 2; tied in r̂ only 01 = 1; tied in truth only 23 = 1
    assertEquals(0.0, d.kendallTau(), 1e-12);
    // r̂'s best is list 2 (truth 3), the truth's best is 3: agreement on the value
    assertEquals(1.0, d.bestListAgreement(), 1e-12);
  }

  @Test
  void requestsAreAveragedAndSingleListRequestsSkipped() {
    TeacherDiagnostic d = TeacherDiagnostic.ofScores("x",
        new float[][] {{0.1f, 0.9f}, {0.9f, 0.1f}, {0.5f}}, new float[][] {{1f, 2f}, {1f, 2f}, {7f}});
    assertEquals(2, d.requests());
    assertEquals(0.5, d.pairwiseAccuracy(), 1e-12);
    assertEquals(0.0, d.kendallTau(), 1e-12);
    assertEquals(0.5, d.regret(), 1e-12);
  }

  @Test
  void requestsWithFewerDistinctListsAreScoredWithoutTheirPadding() {
    io.goalrank.core.RequestBatch batch = new io.goalrank.core.RequestBatch(new int[] {0, 1}, new int[] {0, 1},
        new int[][] {{0}, {0}}, new byte[][] {{1}, {1}}, new int[][] {{0, 1, 2, 3}, {0, 1, 2, 3}}, null, null);
    // the truth is the first slot; the teacher agrees on request 0 and has it backwards on request 1
    io.goalrank.core.ListUtility truth = utility("truth", (b, list) -> list[0]);
    io.goalrank.core.ListUtility teacher = utility("teacher", (b, list) -> b == 0 ? list[0] : -list[0]);
    // request 0 holds two distinct lists (one repeated), request 1 three: a ragged set once repeats go
    TeacherDiagnostic d = TeacherDiagnostic.measure("x", teacher, truth, List.of(batch),
        (b, seed) -> new int[][][] {{{1, 0}, {3, 2}, {1, 0}}, {{1, 0}, {2, 3}, {3, 2}}}, 1);
    assertEquals(2, d.requests());
    assertEquals(2.5, d.meanLists(), 1e-12);
    assertEquals(0.5, d.pairwiseAccuracy(), 1e-12); // request 0: 1 of 1; request 1: 0 of 3
  }

  private static io.goalrank.core.ListUtility utility(String name,
      java.util.function.ToIntBiFunction<Integer, int[]> value) {
    return new io.goalrank.core.ListUtility() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public float[][] score(io.goalrank.core.RequestBatch batch, int[][][] lists) {
        float[][] out = new float[lists.length][];
        for (int b = 0; b < lists.length; b++) {
          if (lists[b].length != lists[0].length) {
            throw new IllegalArgumentException("every request needs the same number of lists");
          }
          out[b] = new float[lists[b].length];
          for (int k = 0; k < lists[b].length; k++) {
            out[b][k] = value.applyAsInt(b, lists[b][k]);
          }
        }
        return out;
      }
    };
  }

  @Test
  void repeatedListsAreJudgedOnce() {
    int[][][] lists = {{{1, 2}, {3, 4}, {1, 2}, {3, 4}, {5, 6}}};
    int[][][] d = TeacherDiagnostic.distinct(lists);
    assertEquals(3, d[0].length);
    assertArrayEquals(new int[] {5, 6}, d[0][2]);
  }
}
