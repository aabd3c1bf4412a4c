package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;
import io.goalrank.eval.MultiSeedSummary;
import io.goalrank.group.GroupSpec;
import io.goalrank.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table 2 of the paper: GoalRank trained with group size |B| ∈ {3, 5, 8, 10, 20, 50, 100}, each group being
 * {@link GroupSpec#ofSize} (the default auxiliary mix scaled, the rest generator samples), everything else equal.
 */
public final class GroupSizeAnalysis {
  public static final String NAME = "group-size";
  public static final List<Integer> SIZES = List.of(3, 5, 8, 10, 20, 50, 100);
  public static final List<Integer> QUICK_SIZES = List.of(3, 5, 10);

  private GroupSizeAnalysis() {}

  public static List<Integer> defaultSizes(boolean quick) {
    return quick ? QUICK_SIZES : SIZES;
  }

  public static Analysis of(PreparedDataset data, List<Integer> sizes) {
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("--sizes needs at least one group size");
    }
    List<Row<SeedModels>> rows = new ArrayList<>();
    Map<String, Analysis.Point> points = new LinkedHashMap<>();
    for (int n : sizes) {
      if (n < 2) {
        throw new IllegalArgumentException("--sizes: a group needs at least 2 lists, got " + n);
      }
      GroupSpec spec = GroupSpec.ofSize(n);
      String name = rowName(n);
      rows.add(new Row<>(name, Family.GOALRANK, "GoalRank trained with |B| = " + n + ": " + spec,
          m -> Workflow.generatorPolicy(m.goalRank(name, m.settings().toBuilder().optGroup(spec).build(),
              m.reward()))));
      points.put(name, Analysis.Point.at("goalrank", n, "|B|=" + n));
    }
    Analysis.addReferences(rows, points, data);
    return new Analysis(NAME, "Group size |B|", List.of(new Analysis.Panel("", "group size |B|", true, false)),
        rows, points, s -> findings(s, sizes),
        "Table 2 (dataset not stated, likely ML-1M): an inverted U, best at |B| = 8-20; H@6 62.88 at |B|=3, 69.95 "
            + "at |B|=8, 63.50 at |B|=100, still above the strongest baseline at every size.");
  }

  static String rowName(int n) {
    return "goalrank-b" + n;
  }

  static List<String> findings(Map<String, MultiSeedSummary> s, List<Integer> sizes) {
    List<String> out = new ArrayList<>();
    for (String metric : List.of("H@6", "N@6", "true-utility")) {
      if (!s.get(rowName(sizes.get(0))).means().containsKey(metric)) {
        continue;
      }
      int best = sizes.get(0);
      for (int n : sizes) {
        if (s.get(rowName(n)).means().get(metric) > s.get(rowName(best)).means().get(metric)) {
          best = n;
        }
      }
      double dnn = s.get("dnn").means().get(metric);
      long above = sizes.stream().filter(n -> s.get(rowName(n)).means().get(metric) > dnn).count();
      StringBuilder line = new StringBuilder(metric + ": ");
      for (int n : sizes) {
        line.append("|B|=").append(n).append(' ').append(AnalysisReport.fmt(s.get(rowName(n)).means().get(metric)))
            .append(n == sizes.get(sizes.size() - 1) ? "" : ", ");
      }
      line.append("; best at |B| = ").append(best).append(best == sizes.get(0) || best == sizes.get(sizes.size() - 1)
          ? " (an end of the range: no inverted U)" : " (inside the range)");
      line.append("; DNN baseline ").append(AnalysisReport.fmt(dnn)).append(", beaten at ").append(above)
          .append(" of ").append(sizes.size()).append(" sizes.");
      out.add(line.toString());
    }
    return out;
  }
}
