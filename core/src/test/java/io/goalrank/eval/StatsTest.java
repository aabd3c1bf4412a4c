package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void meanAndSampleStd() {
    assertEquals(3.0, Stats.mean(new double[] {1, 2, 3, 4, 5}), 1e-15);
    // squared deviations 4+1+0+1+4 = 10, / (5-1) = 2.5
    assertEquals(Math.sqrt(2.5), Stats.std(new double[] {1, 2, 3, 4, 5}), 1e-15);
    assertTrue(Double.isNaN(Stats.std(new double[] {1})));
    assertTrue(Double.isNaN(Stats.mean(new double[0])));
    assertEquals(2.0, Stats.meanIgnoringNaN(new double[] {1, Double.NaN, 3}), 1e-15);
  }

  @Test
  void pairedTTestMatchesScipy() {
    // scipy.stats.ttest_rel([1,2,3,4,5],[2,2,4,4,7]) -> t = -2.1381, p = 0.09930068321372679
    assertEquals(0.09930068321372679,
        Stats.pairedTTest(new double[] {1, 2, 3, 4, 5}, new double[] {2, 2, 4, 4, 7}), 1e-9);
    // scipy.stats.ttest_rel([.3,.5,.9,.1,.4,.8],[.2,.5,.6,.3,.1,.5]) -> p = 0.17468781426411942
    assertEquals(0.17468781426411942, Stats.pairedTTest(new double[] {.3, .5, .9, .1, .4, .8},
        new double[] {.2, .5, .6, .3, .1, .5}), 1e-9);
    // NaN pairs are dropped: same answer with an extra NaN pair
    assertEquals(0.09930068321372679, Stats.pairedTTest(new double[] {1, 2, Double.NaN, 3, 4, 5},
        new double[] {2, 2, 0, 4, 4, 7}), 1e-9);
    assertEquals(1.0, Stats.pairedTTest(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
    assertEquals(0.0, Stats.pairedTTest(new double[] {2, 3, 4}, new double[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class, () -> Stats.pairedTTest(new double[2], new double[3]));
  }

  @Test
  void multiSeedSummaryAggregatesPerSeedMeans() {
    EvaluationResult a = new EvaluationResult("p", Map.of("N@6", 0.5, "AUC", 0.7), Map.of(), 10, 0, 1);
    EvaluationResult b = new EvaluationResult("p", Map.of("N@6", 0.7, "AUC", 0.7), Map.of(), 10, 0, 1);
    MultiSeedSummary s = MultiSeedSummary.of(List.of(a, b));
    assertEquals(2, s.seeds());
    assertEquals(0.6, s.means().get("N@6"), 1e-12);
    assertEquals(Math.sqrt(0.02), s.stds().get("N@6"), 1e-12); // (0.1^2 + 0.1^2) / 1
    assertEquals(0.0, s.stds().get("AUC"), 1e-12);
    assertTrue(Double.isNaN(MultiSeedSummary.of(a).stds().get("N@6")));
    EvaluationResult other = new EvaluationResult("q", Map.of("N@6", 0.5, "AUC", 0.7), Map.of(), 10, 0, 1);
    assertThrows(IllegalArgumentException.class, () -> MultiSeedSummary.of(List.of(a, other)));
  }
}
