package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;

/**
 * Ranks candidates by how often their item occurs in the training histories ({@code itemCounts[item]}), ties to
 * the lower slot. Its scores are the counts.
 */
public final class PopularityPolicy implements RankingPolicy {
  private final int[] itemCounts;

  /** @param itemCounts interactions per item, indexed by item index (not copied; must not change) */
  public PopularityPolicy(int[] itemCounts) {
    this.itemCounts = java.util.Objects.requireNonNull(itemCounts, "itemCounts");
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int[][] lists = new int[batch.size()][];
    float[][] scores = new float[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      int[] cand = batch.candidates()[b];
      float[] s = new float[cand.length];
      for (int i = 0; i < cand.length; i++) {
        int item = cand[i];
        if (item < 0 || item >= itemCounts.length) {
          throw new IllegalArgumentException(name() + ": request " + b + " has item " + item + " outside [0, "
              + itemCounts.length + ")");
        }
        s[i] = itemCounts[item];
      }
      lists[b] = TopK.select(s, listLength);
      scores[b] = s;
    }
    return new RankedLists(lists, scores);
  }
}
