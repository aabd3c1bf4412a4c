package io.goalrank.objective;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;

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
    return ListScores.score(batch, lists, items -> {
      double sum = 0;
      for (int item : items) {
        sum += information[item];
      }
      return sum / items.length;
    });
  }
}
