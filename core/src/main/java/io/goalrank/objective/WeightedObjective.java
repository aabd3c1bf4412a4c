package io.goalrank.objective;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;

/**
 * {@code Σ_k w_k·z_k(l)} over the lists given for each request, each objective z-scored among those lists: the
 * evaluator a G-E system swaps in when the business objective changes, on the same scale GoalRank's conditioned
 * reference uses. Only comparisons among one request's lists are meaningful.
 */
public final class WeightedObjective implements ListUtility {
  private final Objectives objectives;
  private final float[] weights;

  public WeightedObjective(Objectives objectives, float[] weights) {
    this.objectives = objectives;
    this.weights = Objectives.checked(weights);
  }

  @Override
  public String name() {
    return "weighted[" + Objectives.format(weights) + "]";
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    float[][] total = new float[lists.length][];
    for (int b = 0; b < lists.length; b++) {
      total[b] = new float[lists[b].length];
    }
    for (int k = 0; k < objectives.size(); k++) {
      if (weights[k] == 0) {
        continue;
      }
      float[][] values = objectives.list().get(k).score(batch, lists);
      for (int b = 0; b < lists.length; b++) {
        float[] z = zScores(values[b]);
        for (int j = 0; j < z.length; j++) {
          total[b][j] += weights[k] * z[j];
        }
      }
    }
    return total;
  }

  /** (v − mean) / (std + ε), n−1 as in the training reference; a single value gets 0. */
  public static float[] zScores(float[] v) {
    double mean = 0;
    for (float x : v) {
      mean += x;
    }
    mean /= v.length;
    double var = 0;
    for (float x : v) {
      var += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(var / Math.max(1, v.length - 1));
    float[] z = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      z[j] = (float) ((v[j] - mean) / (std + 1e-6));
    }
    return z;
  }
}
