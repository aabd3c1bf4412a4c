package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;
import io.goalrank.eval.AtomicFiles;
import io.goalrank.eval.Charts;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.MultiSeedSummary;
import io.goalrank.eval.Stats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes Table 1 into the run directory: {@code table1.md} (mean ± std over seeds, the best baseline of each
 * column in bold, GoalRank's relative gain over the best baseline of each metric with a paired t-test over the
 * per-request values pooled across seeds, what each row is, the cost), {@code table1.csv}, and bar charts
 * {@code table1-H@6.png} and {@code table1-N@6.png}.
 */
public final class Table1Report {
  /** Display order of the metric columns; absent ones (true-utility on real data) are skipped. */
  static final List<String> COLUMNS = List.of("H@6", "N@6", "M@6", "F1@6", "AUC", "H@6r", "reward", "true-utility");
  static final String GOALRANK = "goalrank";
  static final String EVALUATOR_ARGMAX = "reward-greedy";

  private Table1Report() {}

  /** One metric's comparison of GoalRank with the best baseline (and with the evaluator's own argmax). */
  record Gain(String metric, double goalRank, String baseline, double baselineValue, double gain, double p,
      double argmaxValue, double argmaxGain, double argmaxP) {}

  public static String write(RunDirectory dir, ExperimentConfig config, PreparedDataset data,
      List<Row<SeedModels>> rows, ExperimentRunner.Outcome outcome, double wallSeconds) throws IOException {
    Map<String, MultiSeedSummary> summaries = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Row<SeedModels> row : rows) {
      List<RunDirectory.RowResult> rs = outcome.results().get(row.name());
      summaries.put(row.name(), MultiSeedSummary.of(rs.stream().map(RunDirectory.RowResult::result).toList()));
      seconds.put(row.name(), rs.stream().mapToDouble(RunDirectory.RowResult::seconds).average().orElse(Double.NaN));
    }
    List<String> cols = COLUMNS.stream().filter(c -> summaries.values().iterator().next().means().containsKey(c))
        .toList();
    String md = markdown(config, data, rows, summaries, seconds, cols, outcome, wallSeconds);
    AtomicFiles.writeString(dir.root().resolve("table1.md"), md);
    AtomicFiles.writeString(dir.root().resolve("table1.csv"), csv(rows, summaries, seconds, cols));
    for (String metric : List.of("H@6", "N@6")) {
      Map<String, Double> means = new LinkedHashMap<>();
      Map<String, Double> stds = new LinkedHashMap<>();
      for (Row<SeedModels> row : rows) {
        if (row.name().startsWith("oracle-")) {
          continue; // 1.0 by construction; it would flatten every other bar
        }
        means.put(row.name(), summaries.get(row.name()).means().get(metric));
        stds.put(row.name(), summaries.get(row.name()).stds().get(metric));
      }
      Charts.barChart(dir.root().resolve("table1-" + metric + ".png"),
          "Table 1, " + config.dataset() + " (" + config.negatives().name().toLowerCase() + " negatives): " + metric
              + ", mean over " + config.seeds() + " seed(s)", means, stds);
    }
    return md;
  }

  static List<Gain> gains(List<Row<SeedModels>> rows, Map<String, MultiSeedSummary> summaries, List<String> cols) {
    MultiSeedSummary mine = summaries.get(GOALRANK);
    MultiSeedSummary argmax = summaries.get(EVALUATOR_ARGMAX);
    List<Gain> out = new ArrayList<>();
    for (String c : cols) {
      String best = bestBaseline(rows, summaries, c);
      if (mine == null || best == null) {
        continue;
      }
      double m = mine.means().get(c);
      double b = summaries.get(best).means().get(c);
      double a = argmax == null ? Double.NaN : argmax.means().get(c);
      out.add(new Gain(c, m, best, b, (m - b) / Math.abs(b), pValue(mine, summaries.get(best), c), a,
          (m - a) / Math.abs(a), argmax == null ? Double.NaN : pValue(mine, argmax, c)));
    }
    return out;
  }

  /** The baseline row (heuristic, generator-only, G-E or multi-G-E) with the highest mean in {@code column}. */
  static String bestBaseline(List<Row<SeedModels>> rows, Map<String, MultiSeedSummary> summaries, String column) {
    String best = null;
    double value = Double.NEGATIVE_INFINITY;
    for (Row<SeedModels> row : rows) {
      double v = summaries.get(row.name()).means().getOrDefault(column, Double.NaN);
      if (row.family().isBaseline() && !Double.isNaN(v) && v > value) {
        value = v;
        best = row.name();
      }
    }
    return best;
  }

  /** Paired t-test over per-request values, seed i paired with seed i (same test requests in every seed). */
  private static double pValue(MultiSeedSummary a, MultiSeedSummary b, String column) {
    double[] x = a.pooledPerRequest(column);
    double[] y = b.pooledPerRequest(column);
    return x.length == y.length ? Stats.pairedTTest(x, y) : Double.NaN;
  }

  private static String markdown(ExperimentConfig config, PreparedDataset data, List<Row<SeedModels>> rows,
      Map<String, MultiSeedSummary> summaries, Map<String, Double> seconds, List<String> cols,
      ExperimentRunner.Outcome outcome, double wallSeconds) {
    StringBuilder sb = new StringBuilder();
    EvaluationResult first = summaries.values().iterator().next().runs().get(0);
    sb.append("# Table 1: ").append(config.dataset()).append(", ").append(config.negatives().name().toLowerCase())
        .append(" negatives\n\n");
    sb.append(String.format(Locale.ROOT, "%d seed(s) %s; %d test requests with a positive label evaluated "
            + "(%d without one excluded); %s requests in all, retriever recall@50 %s.%n", config.seeds(),
        config.seedList(), first.evaluated(), first.excluded(), data.info().get("stats.requests"),
        data.info().get("stats.retrieverRecallAtN")));
    if (!config.commandLine().isEmpty()) {
      sb.append("\nCommand: `").append(config.commandLine()).append("`\n");
    }
    sb.append(String.format(Locale.ROOT, "%nThis invocation: %.0f s wall, %d rows computed, %d reused from "
        + "earlier runs. Settings: %s.%n%n", wallSeconds, outcome.computed(), outcome.reused(), config.settings()));
    sb.append("Mean ± std over seeds; **bold** = the best baseline in the column (heuristics, generator-only, G-E "
        + "and multi-G-E rows; not GoalRank, not the reference rows). H@6 = any hit in the top 6; H@6r = hits / "
        + "min(6, |P|); reward = the frozen reward model's list reward r̂. `time s` = seconds for the row per seed, "
        + "including training of any model it was the first to need.\n\n");
    sb.append("| Family | Policy |");
    cols.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append(" time s |\n|---|---|").append("---:|".repeat(cols.size() + 1)).append('\n');
    Map<String, String> best = new LinkedHashMap<>();
    cols.forEach(c -> best.put(c, bestBaseline(rows, summaries, c)));
    for (Row<SeedModels> row : rows) {
      MultiSeedSummary s = summaries.get(row.name());
      boolean mine = row.name().equals(GOALRANK);
      sb.append("| ").append(row.family().label()).append(" | ").append(mine ? "**goalrank**" : row.name())
          .append(" |");
      for (String c : cols) {
        String cell = cell(s.means().get(c), s.stds().get(c));
        sb.append(' ').append(row.name().equals(best.get(c)) ? "**" + cell + "**" : cell).append(" |");
      }
      sb.append(String.format(Locale.ROOT, " %.0f |%n", seconds.get(row.name())));
    }
    List<Gain> gains = gains(rows, summaries, cols);
    if (!gains.isEmpty()) {
      sb.append("\nGoalRank against the best baseline of each metric, and against the reward model's own top-6 "
          + "(paired two-sided t-test over per-request values, pooled over seeds):\n\n");
      sb.append("| Metric | GoalRank | best baseline | baseline value | gain | p | reward-greedy | gain | p |\n");
      sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
      for (Gain g : gains) {
        sb.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %.4f | %s | %s | %.4f | %s | %s |%n", g.metric(),
            g.goalRank(), g.baseline(), g.baselineValue(), pct(g.gain()), p(g.p()), g.argmaxValue(),
            pct(g.argmaxGain()), p(g.argmaxP())));
      }
    }
    sb.append("\nRows:\n\n");
    for (Row<SeedModels> row : rows) {
      sb.append("- `").append(row.name()).append("` (").append(row.family().label()).append("): ")
          .append(row.description()).append('\n');
    }
    return sb.toString();
  }

  private static String csv(List<Row<SeedModels>> rows, Map<String, MultiSeedSummary> summaries,
      Map<String, Double> seconds, List<String> cols) {
    StringBuilder sb = new StringBuilder("policy,family,seeds,evaluated,excluded");
    cols.forEach(c -> sb.append(',').append(c).append("_mean,").append(c).append("_std"));
    sb.append(",seconds_mean\n");
    for (Row<SeedModels> row : rows) {
      MultiSeedSummary s = summaries.get(row.name());
      EvaluationResult first = s.runs().get(0);
      sb.append(row.name()).append(',').append(row.family().label()).append(',').append(s.seeds()).append(',')
          .append(first.evaluated()).append(',').append(first.excluded());
      for (String c : cols) {
        sb.append(',').append(number(s.means().get(c))).append(',').append(number(s.stds().get(c)));
      }
      sb.append(',').append(number(seconds.get(row.name()))).append('\n');
    }
    return sb.toString();
  }

  private static String cell(double mean, double std) {
    if (Double.isNaN(mean)) {
      return "n/a";
    }
    return Double.isNaN(std) ? String.format(Locale.ROOT, "%.4f", mean)
        : String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
  }

  private static String pct(double g) {
    return Double.isNaN(g) || Double.isInfinite(g) ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", 100 * g);
  }

  private static String p(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  private static String number(Double v) {
    return v == null || v.isNaN() ? "" : Double.toString(v);
  }
}
