package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;
import io.goalrank.eval.MultiSeedSummary;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.ModelKinds;
import io.goalrank.policy.GeneratorEvaluatorPolicy;
import io.goalrank.policy.MultiGeneratorEvaluatorPolicy;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 3 of the paper: GoalRank and the DNN, PRM and G-E baselines at growing model size presets
 * ({@link ModelConfig#PRESETS}), each plotted at its parameter count on a log axis; multi-G-E grows by the number
 * of generators (3, 20, 100) instead, in a second panel. The reward model (the G-E evaluator and GoalRank's
 * teacher) and GoalRank's auxiliary DNN keep the run's base size, so only the ranker grows.
 */
public final class ScalingAnalysis {
  public static final String NAME = "scaling";
  public static final List<String> PRESETS = List.of("tiny", "small", "medium");
  public static final List<String> QUICK_PRESETS = List.of("tiny", "small");
  public static final List<Integer> QUICK_GENERATORS = List.of(3, 20);
  /** The multi-G-E members' models: the per-candidate scorers (cheap to train; Table 1 adds two generators). */
  static final List<String> MULTI_POOL = ModelKinds.scorerNames();
  static final List<String> SERIES = List.of("goalrank", "dnn", "prm", "g-e");

  private ScalingAnalysis() {}

  public static List<String> defaultPresets(boolean quick) {
    return quick ? QUICK_PRESETS : PRESETS;
  }

  /**
   * @param baseSize the run's generator size, whose scorers are saved without a size suffix
   * @param geSamples lists the G-E proposer samples besides its greedy list
   */
  public static Analysis of(PreparedDataset data, List<String> presets, List<Integer> generators, String baseSize,
      int geSamples) {
    if (presets.isEmpty()) {
      throw new IllegalArgumentException("--presets needs at least one size preset");
    }
    List<Row<SeedModels>> rows = new ArrayList<>();
    Map<String, Analysis.Point> points = new LinkedHashMap<>();
    for (String p : presets) {
      if (!ModelConfig.PRESETS.containsKey(p)) {
        throw new IllegalArgumentException("--presets: unknown size '" + p + "'; choose from "
            + ModelConfig.PRESETS.keySet());
      }
    }
    // cheap baselines first, GoalRank (the most expensive training at every size) last: a run cut short by the
    // budget still has the baseline curves, and the rows left are the ones worth a longer run
    for (String p : presets) {
      String scorerSuffix = p.equals(baseSize) ? "" : "-" + p;
      rows.add(new Row<>("dnn-" + p, Family.GENERATOR_ONLY, "DNN pointwise scorer, size " + p + ", greedy top-6",
          m -> new ScoringPolicy("dnn", m.scores("dnn", p), 1f)));
      points.put("dnn-" + p, new Analysis.Point("", "dnn", Double.NaN, "dnn" + scorerSuffix, p));
    }
    for (String p : presets) {
      String scorerSuffix = p.equals(baseSize) ? "" : "-" + p;
      rows.add(new Row<>("prm-" + p, Family.GENERATOR_ONLY, "PRM (CandidateScorer), size " + p + ", greedy top-6",
          m -> new ScoringPolicy("prm", m.scores("prm", p), 1f)));
      points.put("prm-" + p, new Analysis.Point("", "prm", Double.NaN, "prm" + scorerSuffix, p));
    }
    for (String p : presets) {
      String scorerSuffix = p.equals(baseSize) ? "" : "-" + p;
      rows.add(new Row<>("g-e-" + p, Family.GENERATOR_EVALUATOR, "G-E: the size-" + p + " PRM proposes its greedy "
          + "list + " + geSamples + " Plackett-Luce samples, the reward model picks (x = the proposer's parameters)",
          m -> new GeneratorEvaluatorPolicy(new ScoringPolicy("prm", m.scores("prm", p), 1f), m.reward(), geSamples,
              true, m.seed() + 13)));
      points.put("g-e-" + p, new Analysis.Point("", "g-e", Double.NaN, "prm" + scorerSuffix, p));
    }
    for (int g : generators) {
      if (g < 1) {
        throw new IllegalArgumentException("--generators must be positive, got " + generators);
      }
      rows.add(new Row<>("g-" + g, Family.MULTI_GENERATOR_EVALUATOR, g + " generators (DNN, PRM, DLCM at size "
          + baseSize + " in turn: greedy lists first, then samples at temperatures 0.5-2), the reward model picks",
          m -> new MultiGeneratorEvaluatorPolicy(Table1.members(m, g, MULTI_POOL), m.reward(), 1, false,
              m.seed() + 100L * g)));
      points.put("g-" + g, new Analysis.Point("generators", "multi-G-E", g, null, "G-" + g));
    }
    for (String p : presets) {
      rows.add(new Row<>("goalrank-" + p, Family.GOALRANK, "GoalRank generator, size " + p,
          m -> Workflow.generatorPolicy(m.goalRank("goalrank-" + p, m.settings().toBuilder().optGeneratorSize(p)
              .build(), m.reward()))));
      points.put("goalrank-" + p, new Analysis.Point("", "goalrank", Double.NaN, "goalrank-" + p, p));
    }
    rows.add(new Row<>("reward-greedy", Family.REFERENCE,
        "the reward model's own top-6: the best list under r̂ and the ceiling of any G-E on it",
        m -> Workflow.rewardGreedy(m.reward())));
    points.put("reward-greedy", Analysis.Point.reference("reward-greedy (reference)"));
    List<Analysis.Panel> panels = new ArrayList<>();
    panels.add(new Analysis.Panel("", "parameters of the ranker (log)", true, false));
    if (!generators.isEmpty()) {
      panels.add(new Analysis.Panel("generators", "number of generators (log)", true, false));
    }
    return new Analysis(NAME, "Scaling", panels, rows, points, s -> findings(s, presets, generators),
        "Figure 3 (Industry-0.1B, 1M to 0.1B parameters): GoalRank improves steadily, most between 10M and 0.1B; "
            + "DNN, RankMixer, PIER and MG-E gain little or saturate, MG-E even drops from 3 to 100 generators.");
  }

  static List<String> findings(Map<String, MultiSeedSummary> s, List<String> presets, List<Integer> generators) {
    List<String> out = new ArrayList<>();
    for (String metric : List.of("H@6", "N@6", "true-utility")) {
      if (!s.get("goalrank-" + presets.get(0)).means().containsKey(metric)) {
        continue;
      }
      StringBuilder line = new StringBuilder(metric + ", " + String.join(" → ", presets) + ": ");
      Map<String, Double> lastGain = new LinkedHashMap<>();
      for (String series : SERIES) {
        line.append(series).append(' ');
        for (int i = 0; i < presets.size(); i++) {
          line.append(i == 0 ? "" : " → ").append(AnalysisReport.fmt(value(s, series, presets.get(i), metric)));
        }
        line.append("; ");
        if (presets.size() > 1) {
          lastGain.put(series, value(s, series, presets.get(presets.size() - 1), metric)
              - value(s, series, presets.get(presets.size() - 2), metric));
        }
      }
      if (!lastGain.isEmpty()) {
        double mine = lastGain.get("goalrank");
        boolean rises = mine > 0;
        boolean othersFlat = lastGain.entrySet().stream().filter(e -> !e.getKey().equals("goalrank"))
            .allMatch(e -> e.getValue() < mine);
        line.append(String.format(Locale.ROOT, "last step (%s → %s): GoalRank %+.4f%s", presets.get(presets.size() - 2),
            presets.get(presets.size() - 1), mine, rises ? " (still rising)" : " (not rising)"));
        line.append(othersFlat ? ", more than every baseline" : ", not more than every baseline");
      }
      for (int g : generators) {
        line.append(g == generators.get(0) ? "; multi-G-E " : " → ").append("G-").append(g).append(' ')
            .append(AnalysisReport.fmt(s.get("g-" + g).means().get(metric)));
      }
      out.add(line.append('.').toString());
    }
    return out;
  }

  private static double value(Map<String, MultiSeedSummary> s, String series, String preset, String metric) {
    return s.get(series + "-" + preset).means().get(metric);
  }
}
