package io.goalrank.eval;

import java.util.Arrays;

/**
 * Offline list metrics for one request: a ranked list of candidate slots, the 0/1 labels of all {@code N}
 * candidates and, for AUC, optional candidate scores.
 *
 * <p>Notation: {@code P} is the set of candidates whose label is 1 (a label counts as positive when it is
 * {@code > 0.5}); {@code rel_i} is 1 when the item at rank {@code i} (1-based, only ranks {@code i <= K} count)
 * is in {@code P}. A list may be shorter than {@code K}; missing ranks contribute nothing.
 *
 * <p>Every metric is undefined when {@code |P| = 0}; the functions then return {@link Double#NaN} and the
 * {@link Evaluator} excludes such requests. AUC is also NaN when every candidate is positive.
 *
 * <p>Lists with a duplicate slot or a slot outside {@code [0, N)} are rejected with an
 * {@link IllegalArgumentException}.
 */
public final class ListMetrics {
  /** The paper's cut-off, the list length L = 6. */
  public static final int DEFAULT_K = 6;

  private ListMetrics() {}

  /** All metrics of one request, each NaN where undefined. */
  public record Values(double hitAny, double hitRatio, double ndcg, double map, double f1, double auc) {
    /** The value of {@code metric}. */
    public double get(MetricName metric) {
      return switch (metric) {
        case HIT_ANY -> hitAny;
        case HIT_RATIO -> hitRatio;
        case NDCG -> ndcg;
        case MAP -> map;
        case F1 -> f1;
        case AUC -> auc;
      };
    }
  }

  /**
   * Computes every metric for request {@code request} (its index, only used in error messages).
   *
   * @param scores a score per candidate, or null to use the 1/rank convention (see {@link #auc})
   */
  public static Values all(int request, int[] list, float[] labels, float[] scores, int k) {
    validate(request, list, labels.length);
    return new Values(
        hitAny(list, labels, k), hitRatio(list, labels, k), ndcg(list, labels, k), map(list, labels, k),
        f1(list, labels, k), auc(list, labels, scores));
  }

  /**
   * Throws {@link IllegalArgumentException} naming {@code request} when {@code list} has a slot outside
   * {@code [0, n)} or a repeated slot.
   */
  public static void validate(int request, int[] list, int n) {
    String where = request >= 0 ? "request " + request + ": " : "";
    if (list == null) {
      throw new IllegalArgumentException(where + "list is null");
    }
    // n <= 64 in practice, but do not assume it: a boolean array is cheap at N = 50
    boolean[] seen = new boolean[n];
    for (int i = 0; i < list.length; i++) {
      int s = list[i];
      if (s < 0 || s >= n) {
        throw new IllegalArgumentException(where + "slot " + s + " at rank " + (i + 1) + " is outside [0, " + n + ")");
      }
      if (seen[s]) {
        throw new IllegalArgumentException(where + "slot " + s + " repeated at rank " + (i + 1));
      }
      seen[s] = true;
    }
  }

  /** |P|, the number of positive candidates. */
  public static int positives(float[] labels) {
    int p = 0;
    for (float l : labels) {
      if (isPositive(l)) {
        p++;
      }
    }
    return p;
  }

  static boolean isPositive(float label) {
    return label > 0.5f;
  }

  /** Number of hits among the first {@code k} ranks. */
  public static int hits(int[] list, float[] labels, int k) {
    checkK(k);
    validate(-1, list, labels.length);
    int h = 0;
    for (int i = 0, n = Math.min(k, list.length); i < n; i++) {
      if (isPositive(labels[list[i]])) {
        h++;
      }
    }
    return h;
  }

  /** H@K (any): 1 when at least one of the top K is positive, else 0. */
  public static double hitAny(int[] list, float[] labels, int k) {
    if (positives(labels) == 0) {
      return Double.NaN;
    }
    return hits(list, labels, k) > 0 ? 1.0 : 0.0;
  }

  /** H@K (ratio): hits / min(K, |P|). */
  public static double hitRatio(int[] list, float[] labels, int k) {
    int p = positives(labels);
    if (p == 0) {
      return Double.NaN;
    }
    return hits(list, labels, k) / (double) Math.min(k, p);
  }

  /** N@K: sum over ranks of (2^rel - 1) / log2(i + 1), over the ideal DCG of the labels truncated to K. */
  public static double ndcg(int[] list, float[] labels, int k) {
    int p = positives(labels);
    if (p == 0) {
      return Double.NaN;
    }
    checkK(k);
    validate(-1, list, labels.length);
    double dcg = 0;
    for (int i = 0, n = Math.min(k, list.length); i < n; i++) {
      if (isPositive(labels[list[i]])) {
        dcg += 1.0 / log2(i + 2); // rank i+1, (2^1 - 1) = 1
      }
    }
    // binary labels sorted descending: |P| ones first
    double idcg = 0;
    for (int i = 0, n = Math.min(k, p); i < n; i++) {
      idcg += 1.0 / log2(i + 2);
    }
    return dcg / idcg;
  }

  /**
   * M@K: the mean, over the hit ranks i within the top K, of precision@i. The denominator is the number of hits
   * in the top K (not min(K, |P|)), so a list whose only hit is at rank 1 scores 1; 0 when there are no hits.
   */
  public static double map(int[] list, float[] labels, int k) {
    if (positives(labels) == 0) {
      return Double.NaN;
    }
    checkK(k);
    validate(-1, list, labels.length);
    int h = 0;
    double sum = 0;
    for (int i = 0, n = Math.min(k, list.length); i < n; i++) {
      if (isPositive(labels[list[i]])) {
        h++;
        sum += h / (double) (i + 1);
      }
    }
    return h == 0 ? 0.0 : sum / h;
  }

  /** F1@K: 2PR/(P+R) with precision hits/K (K, not the list length) and recall hits/|P|; 0 without hits. */
  public static double f1(int[] list, float[] labels, int k) {
    int p = positives(labels);
    if (p == 0) {
      return Double.NaN;
    }
    int h = hits(list, labels, k);
    if (h == 0) {
      return 0.0;
    }
    double precision = h / (double) k;
    double recall = h / (double) p;
    return 2 * precision * recall / (precision + recall);
  }

  /**
   * ROC-AUC of the candidate scores against the labels over all N candidates (Mann–Whitney U with average ranks,
   * so ties count half). With {@code scores == null} the item at rank t of the (whole) list scores 1/t and every
   * other candidate 0, as in the paper's released code. NaN when there is no positive or no negative.
   */
  public static double auc(int[] list, float[] labels, float[] scores) {
    int n = labels.length;
    int p = positives(labels);
    if (p == 0 || p == n) {
      return Double.NaN;
    }
    double[] s = new double[n];
    if (scores == null) {
      validate(-1, list, n);
      for (int t = 0; t < list.length; t++) {
        s[list[t]] = 1.0 / (t + 1);
      }
    } else {
      if (scores.length != n) {
        throw new IllegalArgumentException("scores has " + scores.length + " entries for " + n + " candidates");
      }
      for (int i = 0; i < n; i++) {
        if (Float.isNaN(scores[i])) {
          throw new IllegalArgumentException("score of candidate " + i + " is NaN");
        }
        s[i] = scores[i];
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
    // sum of the (1-based, tie-averaged) ranks of the positives
    double rankSum = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && s[order[j + 1]] == s[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (isPositive(labels[order[t]])) {
          rankSum += avgRank;
        }
      }
      i = j + 1;
    }
    double u = rankSum - p * (p + 1) / 2.0;
    return u / ((double) p * (n - p));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static void checkK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("K must be positive, got " + k);
    }
  }
}
