package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;
import java.util.SplittableRandom;

/**
 * Uniformly random lists: every candidate gets an independent uniform score and the top-L by score form the
 * list, which makes the list a uniformly random ordered choice of L distinct slots and gives AUC a score.
 *
 * <p>The randomness of a request depends only on the seed and its request id, so results do not depend on
 * batching or order. Ad-hoc requests (id -1) therefore all receive the same permutation for a given N.
 */
public final class RandomPolicy implements RankingPolicy {
  private final long seed;

  public RandomPolicy(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int[][] lists = new int[batch.size()][];
    float[][] scores = new float[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      // SplittableRandom mixes its seed, so nearby (seed, id) pairs still give unrelated streams
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batch.requestIds()[b]);
      float[] s = new float[batch.candidates()[b].length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) rnd.nextDouble();
      }
      lists[b] = TopK.select(s, listLength);
      scores[b] = s;
    }
    return new RankedLists(lists, scores);
  }
}
