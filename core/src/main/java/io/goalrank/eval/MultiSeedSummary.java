package io.goalrank.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy's results over several seeds: per column the mean and sample std of the per-seed means. A single
 * seed gives std NaN, which tables print without "±". Comparisons between two summaries go through
 * {@link PairedTest}: over the per-seed means ({@link #perSeedMeans}) when there are at least two seeds, over the
 * requests of the single run only when there is one.
 *
 * @param policy the policy name
 * @param runs the per-seed results, in seed order
 * @param means column → mean over seeds
 * @param stds column → sample std over seeds (NaN for one seed)
 */
public record MultiSeedSummary(
    String policy, List<EvaluationResult> runs, Map<String, Double> means, Map<String, Double> stds) {

  public MultiSeedSummary {
    runs = List.copyOf(runs);
    means = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(means));
    stds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stds));
  }

  /** Aggregates runs of one policy; all must have the same name and columns. */
  public static MultiSeedSummary of(List<EvaluationResult> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("No runs to summarize");
    }
    String policy = runs.get(0).policy();
    List<String> cols = new ArrayList<>(runs.get(0).means().keySet());
    for (EvaluationResult r : runs) {
      if (!r.policy().equals(policy)) {
        throw new IllegalArgumentException("Runs of different policies: " + policy + " and " + r.policy());
      }
      if (!r.means().keySet().equals(runs.get(0).means().keySet())) {
        throw new IllegalArgumentException("Runs of " + policy + " have different columns");
      }
    }
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, Double> stds = new LinkedHashMap<>();
    for (String c : cols) {
      double[] v = runs.stream().mapToDouble(r -> r.mean(c)).toArray();
      means.put(c, Stats.mean(v));
      stds.put(c, Stats.std(v));
    }
    return new MultiSeedSummary(policy, runs, means, stds);
  }

  /** A single run as a summary. */
  public static MultiSeedSummary of(EvaluationResult run) {
    return of(List.of(run));
  }

  public int seeds() {
    return runs.size();
  }

  /** The mean of {@code column} in each seed, in seed order: the unit of the seed-level paired test. */
  public double[] perSeedMeans(String column) {
    return runs.stream().mapToDouble(r -> {
      Double v = r.means().get(column);
      if (v == null) {
        throw new IllegalArgumentException("No column '" + column + "' in results of " + policy);
      }
      return v;
    }).toArray();
  }

  /**
   * The per-request values of {@code column}, concatenated over seeds in seed order. Not a sample for a test over
   * several seeds: the same test users appear once per seed (and with a split per seed they are different users).
   */
  public double[] pooledPerRequest(String column) {
    return runs.stream().flatMapToDouble(r -> {
      double[] v = r.perRequest().get(column);
      if (v == null) {
        throw new IllegalArgumentException("No column '" + column + "' in results of " + policy);
      }
      return java.util.Arrays.stream(v);
    }).toArray();
  }
}
