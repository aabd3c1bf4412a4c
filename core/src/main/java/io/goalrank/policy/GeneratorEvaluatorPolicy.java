package io.goalrank.policy;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;

/**
 * The paper's Generator-Evaluator (G-E) baseline: one generator proposes {@code K} lists per request (Plackett–Luce
 * or autoregressive samples, optionally plus its greedy list), the evaluator — the shared frozen reward model r̂ —
 * scores all of them in one call, and the highest-scoring list is returned. Ties go to the earliest candidate
 * (the greedy list when included, then samples in the generator's order).
 *
 * <p>No per-candidate scores are returned (AUC falls back to rank positions): the evaluator only ranks whole lists,
 * which is why the paper reports low AUC for G-E systems.
 *
 * <p>Sampling uses a seed fixed at construction, so {@link #rank} is deterministic for a given batch.
 */
public final class GeneratorEvaluatorPolicy implements RankingPolicy {
  private final SamplingPolicy generator;
  private final ListUtility evaluator;
  private final int samples;
  private final boolean includeGreedy;
  private final long seed;

  /**
   * @param samples K, lists sampled per request (≥ 0; at least one list overall)
   * @param includeGreedy also propose the generator's greedy list; then the result is never worse under the
   *     evaluator than the generator's own greedy output
   */
  public GeneratorEvaluatorPolicy(SamplingPolicy generator, ListUtility evaluator, int samples,
      boolean includeGreedy, long seed) {
    if (samples < 0 || (samples == 0 && !includeGreedy)) {
      throw new IllegalArgumentException("G-E needs at least one candidate list: samples=" + samples
          + ", includeGreedy=" + includeGreedy);
    }
    this.generator = generator;
    this.evaluator = evaluator;
    this.samples = samples;
    this.includeGreedy = includeGreedy;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "g-e(" + generator.name() + "," + samples + (includeGreedy ? "+greedy" : "") + ")";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int b = batch.size();
    int k = samples + (includeGreedy ? 1 : 0);
    int[][][] proposals = new int[b][k][];
    int at = 0;
    if (includeGreedy) {
      int[][] greedy = generator.rank(batch, listLength).lists();
      for (int r = 0; r < b; r++) {
        proposals[r][0] = greedy[r];
      }
      at = 1;
    }
    if (samples > 0) {
      int[][][] sampled = generator.sample(batch, listLength, samples, seed).lists();
      for (int r = 0; r < b; r++) {
        System.arraycopy(sampled[r], 0, proposals[r], at, samples);
      }
    }
    return RankedLists.of(pickBest(batch, evaluator, proposals));
  }

  /**
   * The evaluator's best list per request among {@code proposals[b][k]}, scored in one call; ties → lowest k.
   * NaN scores never win unless every score is NaN (then the first list).
   */
  static int[][] pickBest(RequestBatch batch, ListUtility evaluator, int[][][] proposals) {
    float[][] scores = evaluator.score(batch, proposals);
    int[][] out = new int[proposals.length][];
    for (int r = 0; r < proposals.length; r++) {
      int best = 0;
      for (int k = 1; k < proposals[r].length; k++) {
        // strict '>' keeps the first of equal lists; the NaN check lets a real score replace a NaN one
        if (scores[r][k] > scores[r][best] || (Float.isNaN(scores[r][best]) && !Float.isNaN(scores[r][k]))) {
          best = k;
        }
      }
      out[r] = proposals[r][best].clone();
    }
    return out;
  }
}
