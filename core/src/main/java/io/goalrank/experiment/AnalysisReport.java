package io.goalrank.experiment;

import io.goalrank.eval.AtomicFiles;
import io.goalrank.eval.Charts;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.MultiSeedSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an analysis into its run directory: {@code NAME.csv} (one line per row: series, x, mean and std over
 * seeds of every metric), {@code NAME.md} (a Markdown section: the command, the cost, the table, the charts, the
 * findings computed from the results, and what the paper reports) and {@code NAME[-panel]-METRIC.png} for H@6,
 * N@6 and, on the simulator, the true utility. Error bars (± std over seeds) appear when there is more than one
 * seed.
 */
public final class AnalysisReport {
  /** Metrics drawn; absent ones (true utility on real data) are skipped. */
  static final List<String> CHARTED = List.of("H@6", "N@6", "true-utility");

  private AnalysisReport() {}

  /** The rows' summaries (mean/std over seeds), in row order. */
  static Map<String, MultiSeedSummary> summaries(Analysis analysis, ExperimentRunner.Outcome outcome) {
    Map<String, MultiSeedSummary> out = new LinkedHashMap<>();
    for (Row<SeedModels> row : analysis.rows()) {
      out.put(row.name(), MultiSeedSummary.of(outcome.results().get(row.name()).stream()
          .map(RunDirectory.RowResult::result).toList()));
    }
    return out;
  }

  public static String write(RunDirectory dir, ExperimentConfig config, ExperimentData.Provenance data,
      Analysis analysis, ExperimentRunner.Outcome outcome, double wallSeconds) throws IOException {
    Map<String, MultiSeedSummary> summaries = summaries(analysis, outcome);
    List<String> cols = Table1Report.COLUMNS.stream()
        .filter(c -> summaries.values().iterator().next().means().containsKey(c)).toList();
    Map<String, Double> xs = xValues(dir, config, analysis);
    Map<String, Double> seconds = new LinkedHashMap<>();
    analysis.rows().forEach(r -> seconds.put(r.name(), outcome.results().get(r.name()).stream()
        .mapToDouble(RunDirectory.RowResult::seconds).average().orElse(Double.NaN)));
    AtomicFiles.writeString(dir.root().resolve(analysis.name() + ".csv"),
        csv(analysis, summaries, xs, seconds, cols));
    List<String> charts = charts(dir, config, analysis, summaries, xs, cols);
    String md = markdown(config, data, analysis, summaries, xs, seconds, cols, charts, outcome, wallSeconds);
    AtomicFiles.writeString(dir.root().resolve(analysis.name() + ".md"), md);
    return md;
  }

  /** Row → x: the point's x, or its model's parameter count in the first seed; NaN for reference rows. */
  static Map<String, Double> xValues(RunDirectory dir, ExperimentConfig config, Analysis analysis)
      throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    long first = config.seedList().get(0);
    for (Row<SeedModels> row : analysis.rows()) {
      Analysis.Point p = analysis.points().get(row.name());
      double x = p.x();
      if (p.xModel() != null) {
        Path model = dir.modelDir(first, p.xModel());
        x = Files.isDirectory(model) ? SeedModels.parameters(model) : Double.NaN;
      }
      out.put(row.name(), x);
    }
    return out;
  }

  private static String csv(Analysis analysis, Map<String, MultiSeedSummary> summaries, Map<String, Double> xs,
      Map<String, Double> seconds, List<String> cols) {
    StringBuilder sb = new StringBuilder("analysis,row,family,panel,series,x,label,seeds,evaluated,excluded");
    cols.forEach(c -> sb.append(',').append(c).append("_mean,").append(c).append("_std"));
    sb.append(",seconds_mean\n");
    for (Row<SeedModels> row : analysis.rows()) {
      MultiSeedSummary s = summaries.get(row.name());
      Analysis.Point p = analysis.points().get(row.name());
      EvaluationResult first = s.runs().get(0);
      sb.append(analysis.name()).append(',').append(row.name()).append(',').append(row.family().label()).append(',')
          .append(p.panel()).append(',').append(p.series()).append(',').append(number(xs.get(row.name())))
          .append(',').append(p.label()).append(',').append(s.seeds()).append(',').append(first.evaluated())
          .append(',').append(first.excluded());
      for (String c : cols) {
        sb.append(',').append(number(s.means().get(c))).append(',').append(number(s.stds().get(c)));
      }
      sb.append(',').append(number(seconds.get(row.name()))).append('\n');
    }
    return sb.toString();
  }

  /** Draws every (panel, metric) chart; returns the file names written. */
  private static List<String> charts(RunDirectory dir, ExperimentConfig config, Analysis analysis,
      Map<String, MultiSeedSummary> summaries, Map<String, Double> xs, List<String> cols) throws IOException {
    List<String> files = new ArrayList<>();
    boolean errorBars = config.seeds() > 1;
    for (Analysis.Panel panel : analysis.panels()) {
      List<Row<SeedModels>> rows = analysis.rows().stream()
          .filter(r -> analysis.points().get(r.name()).panel().equals(panel.id())).toList();
      for (String metric : CHARTED) {
        if (!cols.contains(metric) || rows.isEmpty()) {
          continue;
        }
        String file = analysis.name() + (panel.id().isEmpty() ? "" : "-" + panel.id()) + "-" + metric + ".png";
        String title = analysis.title() + ": " + metric + " (" + config.dataset() + ", " + config.seeds()
            + " seed(s)" + (errorBars ? ", ± std" : "") + ")";
        if (panel.bars()) {
          Map<String, Double> means = new LinkedHashMap<>();
          Map<String, Double> stds = new LinkedHashMap<>();
          for (Row<SeedModels> r : rows) {
            means.put(r.name(), summaries.get(r.name()).means().get(metric));
            stds.put(r.name(), errorBars ? summaries.get(r.name()).stds().get(metric) : null);
          }
          Charts.barChart(dir.root().resolve(file), title, means, stds);
        } else {
          Map<String, double[][]> series = lines(analysis, rows, summaries, xs, metric, errorBars);
          if (series.isEmpty()) {
            continue;
          }
          Charts.lineChart(dir.root().resolve(file), title, panel.xLabel(), metric, series, panel.logX());
        }
        files.add(file);
      }
    }
    return files;
  }

  /** Series name → {xs, ys, errs}, sorted by x; reference rows become flat lines over the panel's x range. */
  static Map<String, double[][]> lines(Analysis analysis, List<Row<SeedModels>> rows,
      Map<String, MultiSeedSummary> summaries, Map<String, Double> xs, String metric, boolean errorBars) {
    Map<String, TreeMap<Double, double[]>> bySeries = new LinkedHashMap<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row<SeedModels> r : rows) {
      double x = xs.get(r.name());
      if (!analysis.points().get(r.name()).isReference() && !Double.isNaN(x)) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    if (lo > hi) {
      return Map.of();
    }
    for (Row<SeedModels> r : rows) {
      Analysis.Point p = analysis.points().get(r.name());
      MultiSeedSummary s = summaries.get(r.name());
      double y = s.means().get(metric);
      double e = errorBars ? s.stds().get(metric) : 0;
      var line = bySeries.computeIfAbsent(p.series(), k -> new TreeMap<>());
      if (p.isReference()) {
        line.put(lo, new double[] {y, e});
        line.put(hi, new double[] {y, e});
      } else if (!Double.isNaN(xs.get(r.name()))) {
        line.put(xs.get(r.name()), new double[] {y, e});
      }
    }
    Map<String, double[][]> out = new LinkedHashMap<>();
    bySeries.forEach((name, line) -> {
      double[][] s = new double[3][line.size()];
      int i = 0;
      for (var e : line.entrySet()) {
        s[0][i] = e.getKey();
        s[1][i] = e.getValue()[0];
        s[2][i] = Double.isNaN(e.getValue()[1]) ? 0 : e.getValue()[1];
        i++;
      }
      out.put(name, errorBars ? s : new double[][] {s[0], s[1]});
    });
    return out;
  }

  private static String markdown(ExperimentConfig config, ExperimentData.Provenance data, Analysis analysis,
      Map<String, MultiSeedSummary> summaries, Map<String, Double> xs, Map<String, Double> seconds,
      List<String> cols, List<String> charts, ExperimentRunner.Outcome outcome, double wallSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(analysis.title()).append(" (").append(config.dataset()).append(")\n\n");
    sb.append(ReportHeader.markdown(config, data, false)).append('\n');
    if (!config.commandLine().isEmpty()) {
      sb.append("Command: `").append(config.commandLine()).append("`\n\n");
    }
    sb.append(String.format(Locale.ROOT, "%d seed(s) %s; %s. This invocation: %.0f s wall, %d rows computed, %d "
            + "reused. Settings: %s.%n%n", config.seeds(), config.seedList(),
        Table1Report.evaluated(summaries.values().iterator().next()), wallSeconds, outcome.computed(),
        outcome.reused(), config.settings().identity()));
    sb.append("Mean").append(config.seeds() > 1 ? " ± std over seeds (" + (data.splitPerSeed()
        ? "model initialisation and data split" : "model initialisation only") + ")" : " (one seed)")
        .append("; `time s` = seconds for the row per seed, including the training it was the first to need.\n\n");
    sb.append("| Row | x | Family |");
    cols.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append(" time s |\n|---|---|---|").append("---:|".repeat(cols.size() + 1)).append('\n');
    for (Row<SeedModels> row : analysis.rows()) {
      MultiSeedSummary s = summaries.get(row.name());
      Analysis.Point p = analysis.points().get(row.name());
      double x = xs.get(row.name());
      String label = p.xModel() != null && !Double.isNaN(x)
          ? p.label() + String.format(Locale.ROOT, " (%,.0f params)", x) : p.label();
      sb.append("| ").append(row.name()).append(" | ").append(label.replace("|", "\\|")).append(" | ").append(row.family().label())
          .append(" |");
      for (String c : cols) {
        sb.append(' ').append(cell(s.means().get(c), s.stds().get(c))).append(" |");
      }
      sb.append(String.format(Locale.ROOT, " %.0f |%n", seconds.get(row.name())));
    }
    sb.append('\n');
    charts.forEach(f -> sb.append("![").append(f).append("](").append(f).append(")\n"));
    List<String> findings = analysis.findings().apply(summaries);
    if (!findings.isEmpty()) {
      sb.append("\nFindings (computed from the table above):\n\n");
      findings.forEach(f -> sb.append("- ").append(f).append('\n'));
    }
    sb.append("\nPaper: ").append(analysis.paperNote()).append("\n\nRows:\n\n");
    for (Row<SeedModels> row : analysis.rows()) {
      sb.append("- `").append(row.name()).append("`: ").append(row.description()).append('\n');
    }
    return sb.toString();
  }

  static String cell(double mean, double std) {
    if (Double.isNaN(mean)) {
      return "n/a";
    }
    return Double.isNaN(std) ? String.format(Locale.ROOT, "%.4f", mean)
        : String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String number(Double v) {
    return v == null || v.isNaN() ? "" : Double.toString(v);
  }
}
