package io.goalrank.core;

/**
 * Scores whole lists. The frozen reward model implements it (the list reward r̂), and so does the simulator's
 * ground-truth utility, which only synthetic data has.
 */
public interface ListUtility {

  /** A short name for tables ({@code reward}, {@code true-utility}). */
  String name();

  /**
   * Scores {@code lists[b][k]} (candidate slots of request {@code b}) and returns {@code [B][K]} values.
   */
  float[][] score(RequestBatch batch, int[][][] lists);

  /** Convenience: one list per request. */
  default float[] scoreOne(RequestBatch batch, int[][] lists) {
    int[][][] wrapped = new int[lists.length][][];
    for (int b = 0; b < lists.length; b++) {
      wrapped[b] = new int[][] {lists[b]};
    }
    float[][] s = score(batch, wrapped);
    float[] out = new float[lists.length];
    for (int b = 0; b < lists.length; b++) {
      out[b] = s[b][0];
    }
    return out;
  }
}
