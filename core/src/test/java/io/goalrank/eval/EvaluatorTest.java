package io.goalrank.eval;

import static io.goalrank.eval.EvalFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final double EPS = 1e-12;

  @Test
  void handComputedMeansAndExclusion() {
    // three requests, N = 8, list always slots 0..5
    //   r0: P = {0}    -> H 1, Hr 1, N 1, M 1, F1 = 2(1/6)(1)/(7/6) = 2/7, reward 1/6
    //   r1: P = {}     -> excluded
    //   r2: P = {6, 7} -> no hit: all 0; reward 0
    float[][] y = {labels(8, 0), labels(8), labels(8, 6, 7)};
    RankingPolicy first6 = EvalFixtures.fixed("first6", b -> new int[][] {
        {0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}});
    Evaluator ev = new Evaluator(6, 6, 10, List.of(EvalFixtures.positiveFraction()), false);
    EvaluationResult r = ev.evaluate(first6, List.of(EvalFixtures.batch(y)));
    assertEquals("first6", r.policy());
    assertEquals(2, r.evaluated());
    assertEquals(1, r.excluded());
    assertEquals(0.5, r.mean("H@6"), EPS);
    assertEquals(0.5, r.mean("H@6r"), EPS);
    assertEquals(0.5, r.mean("N@6"), EPS);
    assertEquals(0.5, r.mean("M@6"), EPS);
    assertEquals(1.0 / 7, r.mean("F1@6"), EPS);
    // r0: slot 0 scores 1 and beats all 7 negatives -> 1; r2: positives 6, 7 score 0 while the negatives are
    // slots 0..5 with scores 1..1/6 -> every pair lost -> 0. Mean 0.5
    assertEquals(0.5, r.mean("AUC"), EPS);
    assertEquals((1.0 / 6 + 0) / 2, r.mean("reward"), 1e-7);
    assertArrayEquals(new double[] {1, 0}, r.perRequest().get("H@6"), EPS);
    assertEquals(ev.columns(), List.copyOf(r.means().keySet()));
    assertEquals(List.of("H@6", "H@6r", "N@6", "M@6", "F1@6", "AUC", "reward"), ev.columns());
  }

  @Test
  void batchSizeDoesNotChangeResults() {
    PreparedDataset data = EvalFixtures.dataset(90, 1);
    for (RankingPolicy p : List.of(new RetrieverOrderPolicy(), new PopularityPolicy(data.itemCounts()),
        new RandomPolicy(5))) {
      EvaluationResult small = new Evaluator(6, 6, 7, List.of(), false).evaluate(p, data, Split.TEST);
      EvaluationResult big = new Evaluator(6, 6, 64, List.of(), false).evaluate(p, data, Split.TEST);
      assertEquals(30, small.evaluated() + small.excluded());
      assertEquals(6, small.excluded()); // test rows 2, 5, ..., 89; every 15th row (r % 5 == 0) has no positive
      for (String c : small.means().keySet()) {
        assertArrayEquals(small.perRequest().get(c), big.perRequest().get(c), p.name() + " " + c);
        assertEquals(Stats.mean(small.perRequest().get(c)), small.mean(c), 1e-12);
      }
    }
  }

  @Test
  void informedPolicyBeatsRandom() {
    // retriever scores are label + noise, so mf-order must beat random on a sizeable sample
    PreparedDataset data = EvalFixtures.dataset(600, 2);
    Evaluator ev = Evaluator.defaults(50);
    EvaluationResult mf = ev.evaluate(new RetrieverOrderPolicy(), data, Split.TEST);
    EvaluationResult rnd = ev.evaluate(new RandomPolicy(1), data, Split.TEST);
    assertTrue(mf.mean("N@6") > rnd.mean("N@6") + 0.1, mf.means() + " vs " + rnd.means());
    assertTrue(mf.mean("AUC") > 0.6 && Math.abs(rnd.mean("AUC") - 0.5) < 0.05, mf.means() + " vs " + rnd.means());
    assertTrue(Stats.pairedTTest(mf.perRequest().get("N@6"), rnd.perRequest().get("N@6")) < 1e-3);
  }

  @Test
  void rejectsBadListsNamingThePolicy() {
    float[][] y = {labels(8, 0), labels(8, 1)};
    Evaluator ev = Evaluator.defaults(10);
    List<RequestBatch> batches = List.of(EvalFixtures.batch(y));
    String[] bad = {"dup", "short", "range"};
    int[][][] lists = {
        {{0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 0}},
        {{0, 1, 2, 3, 4, 5}, {0, 1, 2}},
        {{0, 1, 2, 3, 4, 8}, {0, 1, 2, 3, 4, 5}}};
    for (int i = 0; i < bad.length; i++) {
      int[][] l = lists[i];
      String name = bad[i];
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> ev.evaluate(EvalFixtures.fixed(name, b -> l), batches));
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("request"), e.getMessage());
    }
    RequestBatch unlabelled = new RequestBatch(new int[] {0}, new int[1], new int[1][0], new byte[1][0],
        new int[1][8], null, null);
    assertThrows(IllegalArgumentException.class,
        () -> ev.evaluate(EvalFixtures.fixed("x", b -> new int[][] {{0, 1, 2, 3, 4, 5}}), List.of(unlabelled)));
  }

  @Test
  void progressBarRunDoesNotChangeResults() {
    PreparedDataset data = EvalFixtures.dataset(30, 3);
    EvaluationResult quiet = new Evaluator(6, 6, 4, List.of(), false).evaluate(new RandomPolicy(1), data, Split.VALID);
    EvaluationResult loud = new Evaluator(6, 6, 4, List.of(), true).evaluate(new RandomPolicy(1), data, Split.VALID);
    assertEquals(quiet.means(), loud.means());
  }
}
