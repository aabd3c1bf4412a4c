package io.goalrank.eval;

import java.util.Locale;

/**
 * The significance figure the reports print for "policy A against policy B on one metric".
 *
 * <p>With at least two seeds the unit of replication is the seed: a two-sided paired t-test over the per-seed
 * means (seed i of A with seed i of B; n = seeds, df = n − 1). That is the headline test. It covers what changes
 * between seeds (model initialisation and data order, and the user split and retriever when each seed prepares
 * its own data), and it does not count the same test users once per seed, as pooling per-request values over
 * seeds would.
 *
 * <p>With one seed there is no seed-level test ({@link #seedP} is NaN, printed "n/a (1 seed)"); only then the
 * per-request paired t-test of that single run is given ({@link #requestP}). It treats the test users as the only
 * source of variation, so it says nothing about another training run or another split.
 *
 * @param seeds seeds per policy (both policies must have the same number, paired in seed order)
 * @param t the seed-level paired t statistic (NaN with one seed)
 * @param seedP two-sided p of the seed-level test (NaN with one seed)
 * @param requestP two-sided p of the per-request test of the single run (NaN with several seeds, or when the
 *     metric has no per-request values)
 * @param requests pairs in the per-request test (0 with several seeds)
 */
public record PairedTest(int seeds, double t, double seedP, double requestP, int requests) {

  /** {@code a} against {@code b} on {@code column}; NaN figures when their seed counts differ. */
  public static PairedTest of(MultiSeedSummary a, MultiSeedSummary b, String column) {
    if (a.seeds() != b.seeds()) {
      return new PairedTest(Math.min(a.seeds(), b.seeds()), Double.NaN, Double.NaN, Double.NaN, 0);
    }
    if (a.seeds() >= 2) {
      if (!a.means().containsKey(column) || !b.means().containsKey(column)) {
        return new PairedTest(a.seeds(), Double.NaN, Double.NaN, Double.NaN, 0);
      }
      double[] x = a.perSeedMeans(column);
      double[] y = b.perSeedMeans(column);
      return new PairedTest(a.seeds(), Stats.pairedTStatistic(x, y), Stats.pairedTTest(x, y), Double.NaN, 0);
    }
    double[] x = a.runs().get(0).perRequest().get(column);
    double[] y = b.runs().get(0).perRequest().get(column);
    if (x == null || y == null || x.length != y.length) {
      return new PairedTest(1, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    return new PairedTest(1, Double.NaN, Double.NaN, Stats.pairedTTest(x, y), Stats.pairCount(x, y));
  }

  /**
   * Each seed's own per-request paired t-test, in seed order: {@code a}'s run of seed i against {@code b}'s, over
   * that run's test requests. Printed beside the seed-level test, never pooled over seeds; each says what one run
   * shows about its test users alone. NaN for a seed whose runs lack the column or pair different request counts;
   * empty when the seed counts differ (runs are paired by position).
   */
  public static double[] perRequestEachSeed(MultiSeedSummary a, MultiSeedSummary b, String column) {
    if (a.seeds() != b.seeds()) {
      return new double[0];
    }
    double[] p = new double[a.seeds()];
    for (int i = 0; i < p.length; i++) {
      double[] x = a.runs().get(i).perRequest().get(column);
      double[] y = b.runs().get(i).perRequest().get(column);
      p[i] = x == null || y == null || x.length != y.length ? Double.NaN : Stats.pairedTTest(x, y);
    }
    return p;
  }

  /** Per-seed p-values as one cell, in seed order: {@code 0.0120 / 0.3100 / 3.0e-05}; {@code n/a} when empty. */
  public static String eachSeedCell(double[] p) {
    if (p.length == 0) {
      return "n/a";
    }
    return java.util.Arrays.stream(p).mapToObj(PairedTest::formatP)
        .collect(java.util.stream.Collectors.joining(" / "));
  }

  /** Whether the headline test exists (at least two seeds). */
  public boolean overSeeds() {
    return seeds >= 2;
  }

  /** The headline cell: the seed-level p, or {@code n/a (1 seed)}. */
  public String seedCell() {
    return overSeeds() ? formatP(seedP) : "n/a (" + seeds + " seed)";
  }

  /** The per-request p of the single run, or empty with several seeds (it is not reported then). */
  public String requestCell() {
    return overSeeds() ? "" : formatP(requestP);
  }

  /** One sentence saying which test the p-values are, for a report with {@code seeds} seeds. */
  public static String explain(int seeds) {
    if (seeds >= 2) {
      return String.format(Locale.ROOT, "p = two-sided paired t-test over the %d seeds (per-seed mean of one row "
          + "against the per-seed mean of the other, seed i with seed i; df = %d). Per-request values are not "
          + "pooled over seeds; \"p per request, each seed\" is each seed's own paired t-test over its test "
          + "requests (seeds in order), which treats that run's test users as the only source of variation.",
          seeds, seeds - 1);
    }
    return "p over seeds: n/a (1 seed; a seed-level test needs at least 2). Given instead, labelled "
        + "\"per request, this run\": the paired t-test over this one run's test requests, which treats the test "
        + "users as the only source of variation (not training, not the split).";
  }

  public static String formatP(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
