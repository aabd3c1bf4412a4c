package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;
import io.goalrank.eval.MultiSeedSummary;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One of the paper's analyses (group size, group construction, reward noise, scaling): rows over the per-seed
 * {@link SeedModels}, each placed on a chart by a {@link Point}. {@link Analyses#run} trains and evaluates the
 * rows with the same resumable machinery as Table 1; {@link AnalysisReport} writes {@code NAME.csv},
 * {@code NAME.md} and the PNG charts.
 *
 * @param name the subcommand and file prefix, e.g. {@code group-size}
 * @param title the report's heading
 * @param panels the charts (one per panel and metric)
 * @param rows every row, in table order
 * @param points row name → where the row is drawn
 * @param findings what the report says about the results, computed from them (row name → summary)
 * @param paperNote what the paper reports for this analysis (PAPER.md), printed next to the results
 */
public record Analysis(String name, String title, List<Panel> panels, List<Row<SeedModels>> rows,
    Map<String, Point> points, Function<Map<String, MultiSeedSummary>, List<String>> findings, String paperNote) {

  public Analysis {
    panels = List.copyOf(panels);
    rows = List.copyOf(rows);
    points = Map.copyOf(points);
    for (Row<SeedModels> r : rows) {
      if (!points.containsKey(r.name())) {
        throw new IllegalArgumentException("row " + r.name() + " of " + name + " has no chart point");
      }
    }
  }

  /**
   * One chart: a line chart over a numeric x (optionally logarithmic) or, with {@code bars}, one bar per row.
   *
   * @param id suffix of the chart files ({@code ""} for the main panel)
   */
  public record Panel(String id, String xLabel, boolean logX, boolean bars) {}

  /**
   * Where a row is drawn: in {@code panel}, on the line {@code series}, at {@code x}. A row with x NaN and no
   * {@code xModel} is a reference drawn as a flat line across the panel; with {@code xModel} the x value is the
   * parameter count of that model (first seed), known only once it is trained.
   *
   * @param label the row's x as the table shows it, e.g. {@code |B|=8}
   */
  public record Point(String panel, String series, double x, String xModel, String label) {
    public static Point at(String series, double x, String label) {
      return new Point("", series, x, null, label);
    }

    public static Point reference(String series) {
      return new Point("", series, Double.NaN, null, "baseline");
    }

    public boolean isReference() {
      return Double.isNaN(x) && xModel == null;
    }
  }

  /** The rows every analysis compares against: the DNN baseline and the reward model's own top-6. */
  static void addReferences(List<Row<SeedModels>> rows, Map<String, Point> points, PreparedDataset data) {
    rows.add(new Row<>("dnn", Family.GENERATOR_ONLY,
        "DNN baseline (Table 1's dnn row): pointwise MLP scorer, BCE on labels, greedy top-6",
        m -> new io.goalrank.policy.ScoringPolicy("dnn", m.scores("dnn"), 1f)));
    points.put("dnn", Point.reference("dnn (baseline)"));
    rows.add(new Row<>("reward-greedy", Family.REFERENCE,
        "the (clean) reward model's own top-6: the best list under r̂ and the ceiling of any G-E on it",
        m -> io.goalrank.workflow.Workflow.rewardGreedy(m.reward())));
    points.put("reward-greedy", Point.reference("reward-greedy (reference)"));
  }
}
