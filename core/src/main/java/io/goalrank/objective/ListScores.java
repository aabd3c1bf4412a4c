package io.goalrank.objective;

import io.goalrank.core.RequestBatch;

/** The loop every per-list objective shares: one value per list from the list's item ids. */
final class ListScores {
  private ListScores() {}

  /** A list's value from its item ids (dataset indices), in rank order. */
  interface OfItems {
    double value(int[] items);
  }

  static float[][] score(RequestBatch batch, int[][][] lists, OfItems objective) {
    float[][] out = new float[lists.length][];
    for (int b = 0; b < lists.length; b++) {
      int[] candidates = batch.candidates()[b];
      out[b] = new float[lists[b].length];
      for (int k = 0; k < lists[b].length; k++) {
        int[] slots = lists[b][k];
        int[] items = new int[slots.length];
        for (int t = 0; t < slots.length; t++) {
          items[t] = candidates[slots[t]];
        }
        out[b][k] = (float) objective.value(items);
      }
    }
    return out;
  }
}
