package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The significance figure of multi-seed reports: a paired t-test over per-seed means, "n/a" with one seed. */
class PairedTestTest {

  /** One seed's result: its mean of N@6 is {@code mean}; the per-request values are deliberately not its mean. */
  private static EvaluationResult run(String policy, double mean, double... perRequest) {
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("N@6", mean);
    Map<String, double[]> per = new LinkedHashMap<>();
    per.put("N@6", perRequest);
    return new EvaluationResult(policy, means, per, perRequest.length, 0, 1);
  }

  @Test
  void threeSeedsAreTestedOnTheirMeansAgainstAHandComputation() {
    // per-seed means: method 0.30, 0.34, 0.32; best baseline 0.28, 0.29, 0.31
    MultiSeedSummary method = MultiSeedSummary.of(List.of(run("m", 0.30, 0.9, 0.1, 0.2, 0.3),
        run("m", 0.34, 0.8, 0.0, 0.4, 0.1), run("m", 0.32, 0.7, 0.2, 0.1, 0.3)));
    MultiSeedSummary baseline = MultiSeedSummary.of(List.of(run("b", 0.28, 0.1, 0.5, 0.6, 0.0),
        run("b", 0.29, 0.2, 0.6, 0.3, 0.1), run("b", 0.31, 0.0, 0.4, 0.5, 0.2)));
    assertArrayEquals(new double[] {0.30, 0.34, 0.32}, method.perSeedMeans("N@6"));

    // by hand: d = 0.02, 0.05, 0.01; mean 0.08/3; sample sd sqrt(((-0.02/3)^2 + (0.07/3)^2 + (-0.05/3)^2) / 2)
    double mean = 0.08 / 3;
    double sd = Math.sqrt((Math.pow(0.02 / 3, 2) + Math.pow(0.07 / 3, 2) + Math.pow(0.05 / 3, 2)) / 2);
    double t = mean / (sd / Math.sqrt(3));
    assertEquals(2.2188007849, t, 1e-9);
    // Student's t with 2 degrees of freedom has the closed form CDF 1/2 + t / (2 sqrt(2 + t^2)), so the two-sided
    // p is 1 - t / sqrt(2 + t^2)
    double p = 1 - t / Math.sqrt(2 + t * t);
    assertEquals(0.1567259573, p, 1e-9);

    PairedTest test = PairedTest.of(method, baseline, "N@6");
    assertTrue(test.overSeeds());
    assertEquals(3, test.seeds());
    assertEquals(t, test.t(), 1e-9);
    assertEquals(p, test.seedP(), 1e-9);
    // and commons-math agrees on both
    double[] x = {0.30, 0.34, 0.32};
    double[] y = {0.28, 0.29, 0.31};
    assertEquals(new TTest().pairedT(x, y), test.t(), 1e-12);
    assertEquals(new TTest().pairedTTest(x, y), test.seedP(), 1e-12);
    assertEquals(2 * (1 - new TDistribution(2).cumulativeProbability(t)), test.seedP(), 1e-9);
    assertEquals(String.format(java.util.Locale.ROOT, "%.4f", p), test.seedCell());
    assertTrue(Double.isNaN(test.requestP()), "no per-request test with several seeds");
    assertEquals("", test.requestCell());

    // pooling the 12 per-request values (the same users counted once per seed) would give another answer
    double pooled = Stats.pairedTTest(method.pooledPerRequest("N@6"), baseline.pooledPerRequest("N@6"));
    assertTrue(Math.abs(pooled - p) > 0.05, "pooled " + pooled + " vs seed-level " + p);
    assertTrue(PairedTest.explain(3).contains("over the 3 seeds"), PairedTest.explain(3));
  }

  @Test
  void oneSeedHasNoSeedLevelTestAndGivesTheRunsPerRequestTestLabelled() {
    MultiSeedSummary method = MultiSeedSummary.of(run("m", 0.375, 0.9, 0.1, 0.2, 0.3));
    MultiSeedSummary baseline = MultiSeedSummary.of(run("b", 0.30, 0.1, 0.5, 0.6, 0.0));
    PairedTest test = PairedTest.of(method, baseline, "N@6");
    assertFalse(test.overSeeds());
    assertTrue(Double.isNaN(test.seedP()));
    assertEquals("n/a (1 seed)", test.seedCell());
    double perRequest = Stats.pairedTTest(new double[] {0.9, 0.1, 0.2, 0.3}, new double[] {0.1, 0.5, 0.6, 0.0});
    assertEquals(perRequest, test.requestP(), 1e-15);
    assertEquals(4, test.requests());
    assertEquals(PairedTest.formatP(perRequest), test.requestCell());
    String explained = PairedTest.explain(1);
    assertTrue(explained.contains("n/a (1 seed") && explained.contains("per request, this run"), explained);
  }

  @Test
  void twoSeedsAreEnoughAndUnequalSeedCountsGiveNaN() {
    MultiSeedSummary a = MultiSeedSummary.of(List.of(run("a", 0.5, 1), run("a", 0.7, 1)));
    MultiSeedSummary b = MultiSeedSummary.of(List.of(run("b", 0.4, 1), run("b", 0.5, 1)));
    PairedTest two = PairedTest.of(a, b, "N@6");
    assertEquals(new TTest().pairedTTest(new double[] {0.5, 0.7}, new double[] {0.4, 0.5}), two.seedP(), 1e-12);
    MultiSeedSummary one = MultiSeedSummary.of(run("b", 0.4, 1));
    assertTrue(Double.isNaN(PairedTest.of(a, one, "N@6").seedP()));
    assertTrue(Double.isNaN(PairedTest.of(a, b, "AUC").seedP()), "absent column");
  }
}
