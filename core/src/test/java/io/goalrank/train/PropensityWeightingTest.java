package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.goalrank.data.Impressions;
import org.junit.jupiter.api.Test;

class PropensityWeightingTest {
  /** Two requests, two shown lists of length 2 each; list (0,1) of request 0 is the one the policy rarely shows. */
  private static Impressions impressions() {
    int[][][] lists = {{{0, 1}, {1, 0}}, {{2, 3}, {3, 2}}};
    float[][][] clicks = {{{1, 0}, {0, 0}}, {{0, 1}, {1, 1}}};
    float[][][] log = {
        {{(float) Math.log(0.01), (float) Math.log(0.001)}, {(float) Math.log(0.3), (float) Math.log(0.1)}},
        {{(float) Math.log(0.3), (float) Math.log(0.1)}, {(float) Math.log(0.3), (float) Math.log(0.1)}}};
    return new Impressions(lists, clicks, log);
  }

  @Test
  void aRarelyShownPrefixWeighsMoreAndEveryRankKeepsMeanOne() {
    float[][][] w = new PropensityWeighting(PropensityWeighting.Mode.PREFIX, 1000f)
        .weights(impressions(), new int[] {0, 1}, 4);
    // rank 0: ratios ∝ 1/0.01 and 1/0.3 (three times): median 1/0.3, so the rare one weighs 30 before rescaling
    assertEquals(30.0, w[0][0][0] / w[0][1][0], 1e-3);
    assertEquals(100.0, w[0][0][1] / w[0][1][1], 1e-2);
    for (int k = 0; k < 2; k++) {
      double sum = w[0][0][k] + w[0][1][k] + w[1][0][k] + w[1][1][k];
      assertEquals(4.0, sum, 1e-4, "rank " + k);
    }
  }

  @Test
  void theClipBoundsTheRatioToTheMedianAndListModeWeighsAListAlike() {
    float[][][] w = new PropensityWeighting(PropensityWeighting.Mode.LIST, 5f)
        .weights(impressions(), new int[] {0, 1}, 4);
    assertEquals(5.0, w[0][0][0] / w[0][1][0], 1e-4); // 100x the median, clipped at 5
    assertEquals(w[0][0][0], w[0][0][1], 1e-6); // one weight for the whole list
  }

  @Test
  void noCorrectionGivesNoWeightsAndARealLogIsRefused() {
    assertNull(PropensityWeighting.NONE.weights(impressions(), new int[] {0, 1}, 4));
    Impressions real = new Impressions(impressions().lists(), impressions().clicks());
    var e = assertThrows(IllegalArgumentException.class, () -> new PropensityWeighting(
        PropensityWeighting.Mode.PREFIX, 10f).weights(real, new int[] {0, 1}, 4));
    assertTrue(e.getMessage().contains("propensities"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PropensityWeighting.mode("ips"));
    assertThrows(IllegalArgumentException.class, () -> new PropensityWeighting(PropensityWeighting.Mode.LIST, 0.5f));
  }

  @Test
  void weightedBceWithUnitWeightsIsTheBceAndScalesWithTheWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {-2f, 0.5f, 3f, -0.1f});
      NDArray labels = m.create(new float[] {0f, 1f, 1f, 1f});
      float plain = ScorerTraining.bce(logits, labels).getFloat();
      assertEquals(plain, ImpressionRewardTraining.weightedBce(logits, labels, m.ones(logits.getShape()))
          .getFloat(), 1e-6);
      NDArray w = m.create(new float[] {0f, 0f, 0f, 4f});
      float only = ScorerTraining.bce(logits.get("3:"), labels.get("3:")).getFloat();
      assertEquals(only, ImpressionRewardTraining.weightedBce(logits, labels, w).getFloat(), 1e-6);
    }
  }
}
