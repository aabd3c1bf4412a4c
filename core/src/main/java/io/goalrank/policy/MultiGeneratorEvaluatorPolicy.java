package io.goalrank.policy;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The paper's multi-generator G-E systems (G-3, G-20, G-100): {@code G} distinct generators each propose
 * {@code perGenerator} sampled lists per request, optionally preceded by the first generator's greedy list, and the
 * shared evaluator (the frozen reward model r̂) picks the best of all of them in one call. Ties go to the earliest
 * proposal (greedy, then generator 0's samples, generator 1's, ...).
 *
 * <p>Generator {@code i} samples with seed {@code seed + i}, so two members built on the same scorer and temperature
 * still propose different lists. As with single G-E, no per-candidate scores are returned.
 */
public final class MultiGeneratorEvaluatorPolicy implements RankingPolicy {
  private final List<SamplingPolicy> generators;
  private final ListUtility evaluator;
  private final int perGenerator;
  private final boolean includeGreedy;
  private final long seed;

  public MultiGeneratorEvaluatorPolicy(List<? extends SamplingPolicy> generators, ListUtility evaluator,
      int perGenerator, boolean includeGreedy, long seed) {
    if (generators.isEmpty()) {
      throw new IllegalArgumentException("multi-G-E needs at least one generator");
    }
    if (perGenerator < 0 || (perGenerator == 0 && !includeGreedy)) {
      throw new IllegalArgumentException("multi-G-E needs at least one candidate list: perGenerator="
          + perGenerator + ", includeGreedy=" + includeGreedy);
    }
    this.generators = List.copyOf(generators);
    this.evaluator = evaluator;
    this.perGenerator = perGenerator;
    this.includeGreedy = includeGreedy;
    this.seed = seed;
  }

  /**
   * Builds {@code count} Plackett–Luce generators from a few per-candidate scorers (e.g. the DNN, the PRM, the DLCM
   * scorer; any {@code RequestBatch → [B][N]} logits). Generator {@code i} is a {@link ScoringPolicy} over scorer
   * {@code i mod S} (in the map's iteration order, S = number of scorers) at temperature
   * {@code τ_j = minT · (maxT/minT)^(j/(m−1))}, where {@code j = i div S} and {@code m = ceil(count/S)} — i.e. the
   * scorers take turns and each walks a geometric temperature grid from {@code minT} to {@code maxT} (a single
   * step uses {@code minT}). Members are named {@code <scorer>@τ}. Sampling seeds differ per member (see class doc).
   */
  public static List<SamplingPolicy> temperatureGrid(Map<String, ? extends Function<RequestBatch, float[][]>> scorers,
      int count, float minT, float maxT) {
    if (scorers.isEmpty() || count < 1 || !(minT > 0) || maxT < minT) {
      throw new IllegalArgumentException("need scorers, count ≥ 1 and 0 < minT ≤ maxT");
    }
    List<String> names = new ArrayList<>(scorers.keySet());
    int s = names.size();
    int m = (count + s - 1) / s;
    List<SamplingPolicy> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i / s;
      float t = m == 1 ? minT : (float) (minT * Math.pow(maxT / minT, (double) j / (m - 1)));
      String name = names.get(i % s);
      out.add(new ScoringPolicy(String.format(java.util.Locale.ROOT, "%s@%.2f", name, t), scorers.get(name), t));
    }
    return out;
  }

  public List<SamplingPolicy> generators() {
    return generators;
  }

  @Override
  public String name() {
    return "g-" + generators.size();
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int b = batch.size();
    int k = generators.size() * perGenerator + (includeGreedy ? 1 : 0);
    int[][][] proposals = new int[b][k][];
    int at = 0;
    if (includeGreedy) {
      int[][] greedy = generators.get(0).rank(batch, listLength).lists();
      for (int r = 0; r < b; r++) {
        proposals[r][0] = greedy[r];
      }
      at = 1;
    }
    if (perGenerator > 0) {
      for (int g = 0; g < generators.size(); g++) {
        int[][][] sampled = generators.get(g).sample(batch, listLength, perGenerator, seed + g).lists();
        for (int r = 0; r < b; r++) {
          System.arraycopy(sampled[r], 0, proposals[r], at, perGenerator);
        }
        at += perGenerator;
      }
    }
    return RankedLists.of(GeneratorEvaluatorPolicy.pickBest(batch, evaluator, proposals));
  }
}
