package io.goalrank.eval;

import static io.goalrank.eval.EvalFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListMetricsTest {
  private static final double EPS = 1e-12;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void handComputedTypicalList() {
    // N = 10, P = {1, 4, 7}; list [1,2,4,0,9,8] -> rel = [1,0,1,0,0,0], 2 hits in the top 6
    float[] y = labels(10, 1, 4, 7);
    int[] list = {1, 2, 4, 0, 9, 8};
    ListMetrics.Values v = ListMetrics.all(0, list, y, null, 6);
    assertEquals(1.0, v.hitAny(), EPS);
    // 2 / min(6, 3)
    assertEquals(2.0 / 3, v.hitRatio(), EPS);
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309297535714575
    assertEquals(1.5 / 2.1309297535714575, v.ndcg(), 1e-12);
    assertEquals(0.7039180890341347, v.ndcg(), 1e-12);
    // precision@1 = 1, precision@3 = 2/3, mean over the 2 hits = 5/6
    assertEquals(5.0 / 6, v.map(), EPS);
    // P = 2/6, R = 2/3 -> 2 * (1/3)(2/3) / (1/3 + 2/3) = 4/9
    assertEquals(4.0 / 9, v.f1(), EPS);
    // 1/t scores: s1=1, s2=1/2, s4=1/3, s0=1/4, s9=1/5, s8=1/6, s3=s5=s6=s7=0.
    // positives 1, 4, 7 vs 7 negatives {0,2,3,5,6,8,9}:
    //   slot 1 beats all 7 -> 7; slot 4 (1/3) loses only to slot 2 -> 6;
    //   slot 7 (0) ties 3, 5, 6 -> 1.5. AUC = 14.5 / 21
    assertEquals(14.5 / 21, v.auc(), EPS);
  }

  @Test
  void aucCountsTiesHalf() {
    // pos 0 vs neg 1: tie (0.5), vs neg 3: win (1); pos 2 vs neg 1: loss, vs neg 3: tie (0.5) -> 2/4
    assertEquals(0.5, ListMetrics.auc(new int[0], labels(4, 0, 2), new float[] {0.5f, 0.5f, 0.2f, 0.2f}), EPS);
    // pos 0 (0.9): tie slot 1, beats 2 and 4 -> 2.5; pos 3 (0.5): loses to 1, beats 2, ties 4 -> 1.5; 4 / 6
    float[] s = {0.9f, 0.9f, 0.1f, 0.5f, 0.5f};
    assertEquals(4.0 / 6, ListMetrics.auc(new int[] {0}, labels(5, 0, 3), s), EPS);
    // all scores equal -> every pair a tie -> 0.5
    assertEquals(0.5, ListMetrics.auc(new int[0], labels(6, 1, 2), new float[6]), EPS);
    // perfect and reversed separation
    assertEquals(1.0, ListMetrics.auc(new int[0], labels(3, 0), new float[] {3, 2, 1}), EPS);
    assertEquals(0.0, ListMetrics.auc(new int[0], labels(3, 0), new float[] {1, 2, 3}), EPS);
  }

  @Test
  void listShorterThanK() {
    // P = {0}; list [3, 0]: rel = [0, 1]
    float[] y = labels(8, 0);
    ListMetrics.Values v = ListMetrics.all(0, new int[] {3, 0}, y, null, 6);
    assertEquals(1.0, v.hitAny(), EPS);
    assertEquals(1.0, v.hitRatio(), EPS); // 1 / min(6, 1)
    assertEquals(1 / log2(3), v.ndcg(), EPS); // DCG = 1/log2(3), IDCG = 1
    assertEquals(0.5, v.map(), EPS); // precision@2 = 1/2
    assertEquals(2.0 / 7, v.f1(), EPS); // P = 1/6 (K, not list length), R = 1 -> (2/6) / (7/6)
    // empty list: no hits at all, AUC from all-zero scores = 0.5
    ListMetrics.Values e = ListMetrics.all(0, new int[0], y, null, 6);
    assertEquals(0.0, e.hitAny(), EPS);
    assertEquals(0.0, e.ndcg(), EPS);
    assertEquals(0.0, e.map(), EPS);
    assertEquals(0.0, e.f1(), EPS);
    assertEquals(0.5, e.auc(), EPS);
  }

  @Test
  void morePositivesThanK() {
    // |P| = 8 > K = 6, list of 6 positives
    float[] y = labels(10, 0, 1, 2, 3, 4, 5, 6, 7);
    int[] list = {7, 6, 5, 4, 3, 2};
    ListMetrics.Values v = ListMetrics.all(0, list, y, null, 6);
    assertEquals(1.0, v.hitRatio(), EPS); // 6 / min(6, 8)
    assertEquals(1.0, v.ndcg(), EPS); // IDCG truncated to 6 ranks
    assertEquals(1.0, v.map(), EPS);
    assertEquals(6.0 / 7, v.f1(), EPS); // P = 1, R = 6/8 -> 1.5 / 1.75
    // a list longer than K: rank 7 is ignored
    int[] longer = {8, 9, 0, 1, 2, 3, 4};
    assertEquals(4.0 / 6, ListMetrics.hitRatio(longer, y, 6), EPS);
    // map: hits at ranks 3..6 -> (1/3 + 2/4 + 3/5 + 4/6) / 4
    assertEquals((1.0 / 3 + 2.0 / 4 + 3.0 / 5 + 4.0 / 6) / 4, ListMetrics.map(longer, y, 6), EPS);
  }

  @Test
  void undefinedWithoutPositivesOrWithoutNegatives() {
    float[] none = new float[5];
    ListMetrics.Values v = ListMetrics.all(0, new int[] {0, 1}, none, null, 6);
    for (MetricName m : MetricName.values()) {
      assertTrue(Double.isNaN(v.get(m)), m.label());
    }
    float[] all = {1, 1, 1};
    ListMetrics.Values a = ListMetrics.all(0, new int[] {2}, all, null, 6);
    assertTrue(Double.isNaN(a.auc()));
    assertEquals(1.0 / 3, a.hitRatio(), EPS); // 1 hit / min(6, 3)
  }

  @Test
  void rejectsBadListsWithRequestIndex() {
    float[] y = labels(5, 0);
    IllegalArgumentException dup =
        assertThrows(IllegalArgumentException.class, () -> ListMetrics.all(7, new int[] {1, 2, 1}, y, null, 6));
    assertTrue(dup.getMessage().contains("request 7"), dup.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> ListMetrics.all(3, new int[] {1, 5}, y, null, 6));
    assertTrue(range.getMessage().contains("request 3"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ListMetrics.all(3, new int[] {-1}, y, null, 6));
    assertThrows(IllegalArgumentException.class, () -> ListMetrics.ndcg(new int[] {0, 0}, y, 6));
  }

  @Test
  void matchesNaiveReferenceOnRandomCases() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    int checked = 0;
    for (int c = 0; c < 20_000; c++) {
      int n = 1 + rnd.nextInt(60);
      double density = rnd.nextDouble();
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        y[i] = rnd.nextDouble() < density ? 1f : 0f;
      }
      int k = 1 + rnd.nextInt(8);
      int len = rnd.nextInt(Math.min(n, 10) + 1);
      int[] perm = shuffled(n, rnd);
      int[] list = Arrays.copyOf(perm, len);
      float[] scores = null;
      if (rnd.nextBoolean()) {
        // few distinct values so that ties are common
        int levels = 1 + rnd.nextInt(5);
        scores = new float[n];
        for (int i = 0; i < n; i++) {
          scores[i] = rnd.nextInt(levels) / (float) levels;
        }
      }
      String ctx = "seed=" + seed + " case=" + c + " n=" + n + " k=" + k + " list=" + Arrays.toString(list)
          + " labels=" + Arrays.toString(y) + " scores=" + Arrays.toString(scores);
      ListMetrics.Values v = ListMetrics.all(c, list, y, scores, k);
      Naive ref = new Naive(list, y, scores, k);
      assertEquals(ref.hitAny, v.hitAny(), 1e-9, ctx);
      assertEquals(ref.hitRatio, v.hitRatio(), 1e-9, ctx);
      assertEquals(ref.ndcg, v.ndcg(), 1e-9, ctx);
      assertEquals(ref.map, v.map(), 1e-9, ctx);
      assertEquals(ref.f1, v.f1(), 1e-9, ctx);
      assertEquals(ref.auc, v.auc(), 1e-9, ctx);
      if (!Double.isNaN(ref.ndcg)) {
        checked++;
      }
    }
    assertTrue(checked >= 5_000, "only " + checked + " defined cases, seed=" + seed);
  }

  private static int[] shuffled(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A deliberately literal re-implementation of the definitions, written without sharing code. */
  private static final class Naive {
    double hitAny;
    double hitRatio;
    double ndcg;
    double map;
    double f1;
    double auc;

    Naive(int[] list, float[] y, float[] scores, int k) {
      int n = y.length;
      int numPos = 0;
      for (float l : y) {
        numPos += l == 1f ? 1 : 0;
      }
      if (numPos == 0) {
        hitAny = hitRatio = ndcg = map = f1 = auc = Double.NaN;
        return;
      }
      int[] rel = new int[k + 1]; // 1-based ranks
      for (int i = 1; i <= k; i++) {
        rel[i] = i <= list.length && y[list[i - 1]] == 1f ? 1 : 0;
      }
      int hits = 0;
      for (int i = 1; i <= k; i++) {
        hits += rel[i];
      }
      hitAny = hits > 0 ? 1 : 0;
      hitRatio = hits / (double) Math.min(k, numPos);
      double dcg = 0;
      for (int i = 1; i <= k; i++) {
        dcg += (Math.pow(2, rel[i]) - 1) / (Math.log(i + 1) / Math.log(2));
      }
      Float[] sorted = new Float[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = y[i];
      }
      Arrays.sort(sorted, (a, b) -> Float.compare(b, a));
      double idcg = 0;
      for (int i = 1; i <= Math.min(k, n); i++) {
        idcg += (Math.pow(2, sorted[i - 1]) - 1) / (Math.log(i + 1) / Math.log(2));
      }
      ndcg = dcg / idcg;
      double apSum = 0;
      for (int i = 1; i <= k; i++) {
        if (rel[i] == 1) {
          int upTo = 0;
          for (int j = 1; j <= i; j++) {
            upTo += rel[j];
          }
          apSum += upTo / (double) i;
        }
      }
      map = hits == 0 ? 0 : apSum / hits;
      double p = hits / (double) k;
      double r = hits / (double) numPos;
      f1 = hits == 0 ? 0 : 2 * p * r / (p + r);
      double[] s = new double[n];
      if (scores == null) {
        for (int t = 1; t <= list.length; t++) {
          s[list[t - 1]] = 1.0 / t;
        }
      } else {
        for (int i = 0; i < n; i++) {
          s[i] = scores[i];
        }
      }
      double wins = 0;
      int pairs = 0;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (y[a] == 1f && y[b] == 0f) {
            pairs++;
            wins += s[a] > s[b] ? 1 : s[a] == s[b] ? 0.5 : 0;
          }
        }
      }
      auc = pairs == 0 ? Double.NaN : wins / pairs;
    }
  }
}
