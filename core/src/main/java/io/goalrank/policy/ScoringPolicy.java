package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.core.TopK;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Ranks by a per-candidate score: greedy top-L, or Plackett–Luce samples from {@code softmax(score/τ)} drawn by
 * the Gumbel-top-k trick (adding independent Gumbel noise to every score and taking the top L is an exact
 * Plackett–Luce sample without replacement).
 *
 * <p>Used for the DNN scorer and its samples (auxiliary policies), the reward model's own greedy list, and the
 * PRM-style baselines. Sampling randomness depends only on the seed and the request id.
 */
public final class ScoringPolicy implements SamplingPolicy {
  private final String name;
  private final Function<RequestBatch, float[][]> scorer;
  private final float temperature;

  /**
   * @param scorer candidate scores per request (logits for sampling)
   * @param temperature τ for sampling; greedy ranking ignores it
   */
  public ScoringPolicy(String name, Function<RequestBatch, float[][]> scorer, float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive: " + temperature);
    }
    this.name = name;
    this.scorer = scorer;
    this.temperature = temperature;
  }

  @Override
  public String name() {
    return name;
  }

  /** The candidate scores of every request. */
  public float[][] scores(RequestBatch batch) {
    return scorer.apply(batch);
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    float[][] scores = scorer.apply(batch);
    int[][] lists = new int[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      lists[b] = TopK.select(scores[b], listLength);
    }
    return new RankedLists(lists, scores);
  }

  @Override
  public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
    float[][] scores = scorer.apply(batch);
    int[][][] lists = new int[batch.size()][perRequest][];
    float[][] logProbs = new float[batch.size()][perRequest];
    for (int b = 0; b < batch.size(); b++) {
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batch.requestIds()[b]);
      int n = scores[b].length;
      float[] noisy = new float[n];
      for (int k = 0; k < perRequest; k++) {
        for (int i = 0; i < n; i++) {
          double u = Math.max(rnd.nextDouble(), 1e-12);
          noisy[i] = scores[b][i] / temperature - (float) Math.log(-Math.log(u));
        }
        lists[b][k] = TopK.select(noisy, listLength);
        logProbs[b][k] = plackettLuceLogProb(scores[b], lists[b][k], temperature);
      }
    }
    return new SampledLists(lists, logProbs);
  }

  /** log P(list) under Plackett–Luce with weights exp(score/τ): Σ_t [s_t − logsumexp(remaining)]. */
  static float plackettLuceLogProb(float[] scores, int[] list, float temperature) {
    boolean[] used = new boolean[scores.length];
    double total = 0;
    for (int slot : list) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < scores.length; i++) {
        if (!used[i]) {
          max = Math.max(max, scores[i] / temperature);
        }
      }
      double sum = 0;
      for (int i = 0; i < scores.length; i++) {
        if (!used[i]) {
          sum += Math.exp(scores[i] / temperature - max);
        }
      }
      total += scores[slot] / temperature - max - Math.log(sum);
      used[slot] = true;
    }
    return (float) total;
  }
}
