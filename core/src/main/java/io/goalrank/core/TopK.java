package io.goalrank.core;

/**
 * Allocation-light top-k selection for small k (L = 6 of N = 50): a bounded insertion into the output array,
 * O(N·k) with no boxing or sorting. Higher scores come first, ties go to the lower slot index, and NaN ranks
 * below every number.
 */
public final class TopK {
  private TopK() {}

  /** The {@code k} best slots of {@code scores}, best first. */
  public static int[] select(float[] scores, int k) {
    int n = scores.length;
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("Cannot pick " + k + " of " + n + " candidates");
    }
    int[] top = new int[k];
    if (k == 0) {
      return top;
    }
    int filled = 0;
    for (int i = 0; i < n; i++) {
      float s = scores[i];
      // slots arrive in ascending order, so an equal score never displaces an earlier slot
      if (filled == k && !better(s, scores[top[k - 1]])) {
        continue;
      }
      int pos = filled == k ? k - 1 : filled++;
      while (pos > 0 && better(s, scores[top[pos - 1]])) {
        top[pos] = top[pos - 1];
        pos--;
      }
      top[pos] = i;
    }
    return top;
  }

  /** Strictly better; NaN is worse than anything and equal to itself. */
  private static boolean better(float a, float b) {
    if (Float.isNaN(a)) {
      return false;
    }
    return Float.isNaN(b) || a > b;
  }
}
