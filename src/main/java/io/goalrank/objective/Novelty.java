package io.goalrank.objective;

import io.goalrank.policy.ListUtility;
import io.goalrank.policy.RequestBatch;

/**
 * Long-tail exposure: the mean self-information {@code −log2 p_i} of a list's items under the (add-one smoothed)
 * popularity distribution of the training interactions, divided by {@code log2(#items)}, so about 0 for the most popular items and a little over 1 for never-seen ones.
 * Higher means the list shows less popular items.
 */
public final class Novelty implements ListUtility {
  private final double[] information;

  /** @param itemCounts training interactions per item */
  public Novelty(int[] itemCounts) {
    double total = 0;
    for (int c : itemCounts) {
      total += c + 1;
    }
    double norm = Math.log(Math.max(2, itemCounts.length)) / Math.log(2);
    information = new double[itemCounts.length];
    for (int i = 0; i < itemCounts.length; i++) {
      information[i] = -Math.log((itemCounts[i] + 1) / total) / Math.log(2) / norm;
    }
  }

  @Override
  public String name() {
    return "novelty";
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    float[][] out = new float[lists.length][];
    for (int b = 0; b < lists.length; b++) {
      int[] candidates = batch.candidates()[b];
      out[b] = new float[lists[b].length];
      for (int k = 0; k < lists[b].length; k++) {
        double sum = 0;
        for (int slot : lists[b][k]) {
          sum += information[candidates[slot]];
        }
        out[b][k] = (float) (sum / lists[b][k].length);
      }
    }
    return out;
  }
}
