package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import java.util.SplittableRandom;

/**
 * Auxiliary lists aimed at one list objective each, for the groups of generators trained on objectives
 * (group sources {@code dnn-diverse} and {@code dnn-novel}). Both start from the DNN scorer's scores, z-scored per
 * request, and trade them against the objective with a strength that grows over the {@code count} lists
 * ({@code λ_j = 2(j+1)/count}); every list but the first also adds Gumbel noise, so the lists differ.
 *
 * <p>Why: π_ref can only prefer lists that are in the group. With the relevance-oriented sources alone, a group at a
 * high diversity weight holds few lists that are both diverse and relevant, and a generator that learnt relevance
 * first stays near its own lists (docs/ANALYSES.md §6).
 */
final class ObjectiveHeuristics {
  private ObjectiveHeuristics() {}

  /**
   * Greedy maximal-marginal-relevance lists: each step picks the candidate with the highest
   * {@code z − λ·(share of its categories already in the list)}.
   */
  static int[][][] diverse(float[][] scores, RequestBatch batch, ItemCatalog catalog, int count, int listLength,
      long seed) {
    int[][][] out = new int[batch.size()][count][];
    for (int b = 0; b < batch.size(); b++) {
      int[] candidates = batch.candidates()[b];
      for (int j = 0; j < count; j++) {
        float[] z = noisyZ(scores[b], j, seed, batch.requestIds()[b]);
        float lambda = 2f * (j + 1) / count;
        boolean[] covered = new boolean[Math.max(1, catalog.numCategories())];
        boolean[] used = new boolean[z.length];
        int[] list = new int[listLength];
        for (int t = 0; t < listLength; t++) {
          int best = -1;
          double bestValue = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < z.length; i++) {
            if (used[i]) {
              continue;
            }
            int[] categories = catalog.categories().get(candidates[i]);
            int seen = 0;
            for (int g : categories) {
              seen += covered[g] ? 1 : 0;
            }
            double value = z[i] - lambda * (categories.length == 0 ? 0 : (double) seen / categories.length);
            if (value > bestValue) {
              bestValue = value;
              best = i;
            }
          }
          used[best] = true;
          list[t] = best;
          for (int g : catalog.categories().get(candidates[best])) {
            covered[g] = true;
          }
        }
        out[b][j] = list;
      }
    }
    return out;
  }

  /** Top lists by {@code z + λ·z_novelty}, with {@code z_novelty} the candidates' z-scored −log popularity. */
  static int[][][] novel(float[][] scores, RequestBatch batch, int[] itemCounts, int count, int listLength,
      long seed) {
    int[][][] out = new int[batch.size()][count][];
    for (int b = 0; b < batch.size(); b++) {
      int[] candidates = batch.candidates()[b];
      float[] information = new float[candidates.length];
      for (int i = 0; i < candidates.length; i++) {
        information[i] = (float) -Math.log(itemCounts[candidates[i]] + 1.0);
      }
      float[] novelty = io.goalrank.objective.WeightedObjective.zScores(information);
      for (int j = 0; j < count; j++) {
        float[] z = noisyZ(scores[b], j, seed, batch.requestIds()[b]);
        float lambda = 2f * (j + 1) / count;
        for (int i = 0; i < z.length; i++) {
          z[i] += lambda * novelty[i];
        }
        out[b][j] = io.goalrank.core.TopK.select(z, listLength);
      }
    }
    return out;
  }

  /** The z-scored scores, plus standard Gumbel noise for every list but the first. */
  private static float[] noisyZ(float[] scores, int list, long seed, int requestId) {
    float[] z = io.goalrank.objective.WeightedObjective.zScores(scores);
    if (list > 0) {
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + requestId * 31L + list);
      for (int i = 0; i < z.length; i++) {
        z[i] -= (float) Math.log(-Math.log(Math.max(rnd.nextDouble(), 1e-12)));
      }
    }
    return z;
  }
}
