package io.goalrank.experiment;

import io.goalrank.eval.AtomicFiles;
import io.goalrank.eval.Charts;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.MultiSeedSummary;
import io.goalrank.eval.PairedTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes Table 1 into the run directory: {@code table1.md} (the {@link ReportHeader}: data, threshold, candidates,
 * split, test; mean ± std over seeds, the best baseline of each column in bold, GoalRank's relative gain over the
 * best baseline of each metric with a paired t-test over the per-seed means and beside it each seed's own
 * per-request test — with one seed "n/a (1 seed)" and the single run's per-request test, labelled as such —, what
 * each row is, the cost), {@code table1.csv}, and bar
 * charts {@code table1-H@6.png} and {@code table1-N@6.png}.
 */
public final class Table1Report {
  /** Display order of the metric columns; absent ones (true-utility on real data) are skipped. */
  static final List<String> COLUMNS = List.of("H@6", "N@6", "M@6", "F1@6", "AUC", "H@6r", "reward", "true-utility");
  static final String GOALRANK = "goalrank";
  static final String EVALUATOR_ARGMAX = "reward-greedy";

  private Table1Report() {}

  /** One metric's comparison of GoalRank with the best baseline (and with the evaluator's own argmax). */
  record Gain(String metric, double goalRank, String baseline, double baselineValue, double gain, PairedTest test,
      double[] requestPs, double argmaxValue, double argmaxGain, PairedTest argmaxTest, double[] argmaxRequestPs) {}

  public static String write(RunDirectory dir, ExperimentConfig config, ExperimentData.Provenance data,
      List<Row<SeedModels>> rows, ExperimentRunner.Outcome outcome, double wallSeconds) throws IOException {
    return write(dir, config, data, rows, outcome, wallSeconds, List.of());
  }

  /** As above for a reduced table; {@code leftOut} names Table 1's rows this run did not include. */
  public static String write(RunDirectory dir, ExperimentConfig config, ExperimentData.Provenance data,
      List<Row<SeedModels>> rows, ExperimentRunner.Outcome outcome, double wallSeconds, List<String> leftOut)
      throws IOException {
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
    if (!leftOut.isEmpty()) {
      // after the header block: the reader sees at once that this is not the whole table
      String note = "\nA reduced table (`--table-rows`): Table 1's rows " + leftOut + " were not run, so \"best "
          + "baseline\" means the best of the rows below.\n";
      int at = md.indexOf("\nThis invocation:");
      md = at < 0 ? md + note : md.substring(0, at) + note + md.substring(at);
    }
    md = md + teacherChecks(dir, config);
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

  /**
   * Each seed's teacher check on held-out shown lists ({@link io.goalrank.workflow.TeacherChecks}, written beside its
   * reward model), or nothing when no seed has one.
   */
  static String teacherChecks(RunDirectory dir, ExperimentConfig config) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (long seed : config.seedList()) {
      var line = io.goalrank.workflow.TeacherChecks.read(dir.modelDir(seed, "reward"));
      if (line.isPresent()) {
        sb.append("- seed ").append(seed).append(": ").append(line.get()).append('\n');
      }
    }
    return sb.isEmpty() ? "" : "\n## Teacher diagnostic\n\n" + sb;
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
      out.add(new Gain(c, m, best, b, (m - b) / Math.abs(b), PairedTest.of(mine, summaries.get(best), c),
          PairedTest.perRequestEachSeed(mine, summaries.get(best), c), a, (m - a) / Math.abs(a),
          argmax == null ? null : PairedTest.of(mine, argmax, c),
          argmax == null ? new double[0] : PairedTest.perRequestEachSeed(mine, argmax, c)));
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

  static String markdown(ExperimentConfig config, ExperimentData.Provenance data, List<Row<SeedModels>> rows,
      Map<String, MultiSeedSummary> summaries, Map<String, Double> seconds, List<String> cols,
      ExperimentRunner.Outcome outcome, double wallSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Table 1: ").append(config.dataset()).append(", ").append(config.negatives().name().toLowerCase())
        .append(" negatives\n\n");
    sb.append(String.format(Locale.ROOT, "%d seed(s) %s; %s.%n%n", config.seeds(), config.seedList(),
        evaluated(summaries.values().iterator().next())));
    sb.append(ReportHeader.markdown(config, data, true));
    if (!config.commandLine().isEmpty()) {
      sb.append("\nCommand: `").append(config.commandLine()).append("`\n");
    }
    sb.append(String.format(Locale.ROOT, "%nThis invocation: %.0f s wall, %d rows computed, %d reused from "
        + "earlier runs. Settings: %s.%n%n", wallSeconds, outcome.computed(), outcome.reused(),
        config.settings().identity()));
    sb.append(config.seeds() > 1 ? "Mean ± std over seeds (" + (data.splitPerSeed()
        ? "model initialisation and data split" : "model initialisation only") + ")" : "One seed: values, no ±");
    sb.append("; **bold** = the best baseline in the column (heuristics, generator-only, G-E "
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
      boolean overSeeds = config.seeds() > 1;
      sb.append("\nGoalRank against the best baseline of each metric, and against the reward model's own top-6. ")
          .append(PairedTest.explain(config.seeds())).append("\n\n");
      if (overSeeds) {
        sb.append("| Metric | GoalRank | best baseline | baseline value | gain | p (over seeds) | p per request, each "
            + "seed | reward-greedy | gain | p (over seeds) | p per request, each seed |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      } else {
        sb.append("| Metric | GoalRank | best baseline | baseline value | gain | p (over seeds) | p (per request, "
            + "this run) | reward-greedy | gain | p (over seeds) | p (per request, this run) |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      }
      for (Gain g : gains) {
        sb.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %.4f | %s | %s |", g.metric(), g.goalRank(),
            g.baseline(), g.baselineValue(), pct(g.gain()), g.test().seedCell()));
        sb.append(' ').append(overSeeds ? PairedTest.eachSeedCell(g.requestPs()) : g.test().requestCell())
            .append(" |");
        sb.append(String.format(Locale.ROOT, " %.4f | %s | %s |", g.argmaxValue(), pct(g.argmaxGain()),
            g.argmaxTest() == null ? "n/a" : g.argmaxTest().seedCell()));
        sb.append(' ').append(overSeeds ? PairedTest.eachSeedCell(g.argmaxRequestPs())
            : g.argmaxTest() == null ? "n/a" : g.argmaxTest().requestCell()).append(" |");
        sb.append('\n');
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

  /** How many test requests were evaluated: one count, or per seed when the seeds' test users differ. */
  static String evaluated(MultiSeedSummary s) {
    List<String> evaluated = s.runs().stream().map(r -> Integer.toString(r.evaluated())).distinct().toList();
    List<String> excluded = s.runs().stream().map(r -> Integer.toString(r.excluded())).distinct().toList();
    boolean bySeed = evaluated.size() > 1 || excluded.size() > 1;
    List<String> e = bySeed ? s.runs().stream().map(r -> Integer.toString(r.evaluated())).toList() : evaluated;
    List<String> x = bySeed ? s.runs().stream().map(r -> Integer.toString(r.excluded())).toList() : excluded;
    return String.join(" / ", e) + " test requests with a positive label evaluated (" + String.join(" / ", x)
        + " without one excluded)" + (bySeed ? ", by seed" : "");
  }

  private static String number(Double v) {
    return v == null || v.isNaN() ? "" : Double.toString(v);
  }
}
