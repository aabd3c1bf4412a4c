package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void repeatedListsAreJudgedOnce() {
    int[][][] lists = {{{1, 2}, {3, 4}, {1, 2}, {3, 4}, {5, 6}}};
    int[][][] d = TeacherDiagnostic.distinct(lists);
    assertEquals(3, d[0].length);
    assertArrayEquals(new int[] {5, 6}, d[0][2]);
  }
}
