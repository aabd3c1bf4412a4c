package io.goalrank.objective;

import java.util.SplittableRandom;

/**
 * How a conditioned generator's training draws objective weights: each training request is used
 * {@code perRequest} times per step, each time with its own weight vector. The draws of a request cycle through
 * relevance alone and each other objective raised alone (weight uniform in {@code [0, maxOther]}), so every request
 * trains every trade-off in every epoch.
 *
 * <p>Why several draws per request: a single draw shows the model a given trade-off on only a fraction of the
 * requests per epoch, while a single-objective model sees its own trade-off on all of them; on the simulator the
 * conditioned model then under-responds at the high end of the weight range (docs/ANALYSES.md §6).
 *
 * @param maxOther the largest weight of an objective other than relevance
 * @param perRequest weight vectors per request and step; 1 is a single random draw ({@link Objectives#sample})
 * @param cornersOnly with several draws, raise the other objective to exactly {@code maxOther} (the corners of the
 *     range only: a diagnostic of how far sharing one network costs, not a way to train for weights in between)
 * @param warmupEpochs epochs at the start that train only the non-relevance corners ({@link #withWarmup})
 */
public record WeightDraws(float maxOther, int perRequest, boolean cornersOnly, int warmupEpochs) {
  public WeightDraws(float maxOther, int perRequest) {
    this(maxOther, perRequest, false, 0);
  }

  public WeightDraws {
    if (!(maxOther > 0) || !Float.isFinite(maxOther)) {
      throw new IllegalArgumentException("the largest other-objective weight must be positive, got " + maxOther);
    }
    if (perRequest < 1) {
      throw new IllegalArgumentException("weight draws per request must be at least 1, got " + perRequest);
    }
    if (warmupEpochs < 0) {
      throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
    }
  }

  /**
   * The same draws after a warm-up: in the first {@code epochs} epochs every draw raises one objective other than
   * relevance to exactly {@code maxOther} (a curriculum: the network meets the non-relevance trade-offs before
   * relevance alone, which it would otherwise learn first and from which the others are hard to reach).
   */
  public WeightDraws withWarmup(int epochs) {
    return new WeightDraws(maxOther, perRequest, cornersOnly, epochs);
  }

  /** One random draw per request in the range [0, maxOther]. */
  public static WeightDraws single(float maxOther) {
    return new WeightDraws(maxOther, 1);
  }

  /**
   * Weights for a batch repeated {@code perRequest} times (copy c of request b at row {@code c·B + b}), drawn from a
   * stream of (step seed, request id, copy) so that a resumed run draws the same.
   */
  public float[][] draw(long seed, int[] requestIds) {
    return draw(seed, requestIds, Integer.MAX_VALUE);
  }

  /** As {@link #draw(long, int[])} in 0-based {@code epoch}, which decides whether the warm-up applies. */
  public float[][] draw(long seed, int[] requestIds, int epoch) {
    int b = requestIds.length;
    int objectives = Objectives.NAMES.size();
    float[][] out = new float[b * perRequest][];
    for (int c = 0; c < perRequest; c++) {
      for (int r = 0; r < b; r++) {
        float[] w;
        if (epoch < warmupEpochs) {
          w = Objectives.relevanceOnly();
          w[1 + (int) Math.floorMod(seed + requestIds[r] + c, (long) (objectives - 1))] = maxOther;
        } else {
          SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + requestIds[r] + 0x632BE5ABL * c);
          if (perRequest == 1) {
            w = Objectives.sample(rng, maxOther);
          } else {
            // a random starting objective per request, then the cycle, so copies cover every objective equally
            int k = (c + (int) Math.floorMod(seed + requestIds[r], (long) objectives)) % objectives;
            w = Objectives.relevanceOnly();
            if (k > 0) {
              w[k] = cornersOnly ? maxOther : (float) (rng.nextDouble() * maxOther);
            }
          }
        }
        out[c * b + r] = w;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    String draws = perRequest == 1 ? "relevance=1, one other U[0," + maxOther + "]"
        : perRequest + " per request cycling relevance-only and each other "
            + (cornersOnly ? "at " + maxOther : "U[0," + maxOther + "]");
    return warmupEpochs == 0 ? draws : draws + ", after " + warmupEpochs + " warm-up epochs at the other corners";
  }
}
