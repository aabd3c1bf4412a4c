package io.goalrank.experiment;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.AtomicFiles;
import io.goalrank.eval.Charts;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.objective.CategoryDiversity;
import io.goalrank.objective.Novelty;
import io.goalrank.objective.Objectives;
import io.goalrank.objective.WeightDraws;
import io.goalrank.objective.WeightedObjective;
import io.goalrank.policy.GeneratorEvaluatorPolicy;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorUtility;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code goalrank experiment objectives}: can one objective-conditioned generator replace a G-E system whose
 * evaluator is swapped when the business objective changes? On one dataset and seed it trains
 *
 * <ul>
 *   <li>the reward model and the auxiliary DNN (as for GoalRank);
 *   <li>one <b>conditioned</b> generator (weights drawn per request during training);
 *   <li>one <b>single-objective</b> GoalRank model per anchor weight vector (trained for that w only);
 * </ul>
 *
 * and evaluates, over a grid of weights w, the conditioned model at w, the single-objective models at their own
 * w, and <b>G-E with a swapped evaluator</b> (the relevance-only model's greedy list plus K samples, the best under
 * {@link WeightedObjective} at w). Every method is scored on relevance (r̂), category diversity, novelty and, on
 * simulated data, the true utility. Trained models are kept under {@code OUT/models/} and reused on a rerun.
 */
public final class ObjectivesExperiment {
  public static final String NAME = "objectives";

  /** Weight vectors of the grid: relevance 1 with one other objective raised at a time. */
  static final List<float[]> GRID = List.of(
      new float[] {1, 0, 0}, new float[] {1, 0.5f, 0}, new float[] {1, 1, 0}, new float[] {1, 2, 0},
      new float[] {1, 0, 0.5f}, new float[] {1, 0, 1}, new float[] {1, 0, 2});
  /** The weights single-objective models are trained for. */
  static final List<float[]> ANCHORS = List.of(new float[] {1, 0, 0}, new float[] {1, 2, 0}, new float[] {1, 0, 2});

  private ObjectivesExperiment() {}

  /** One evaluated (method, w). */
  public record Point(String method, float[] weights, EvaluationResult result) {}

  /**
   * @param conditionedSettings the conditioned model's settings (its epochs and size may differ from the
   *     single-objective models', which use the experiment's settings)
   */
  public static List<Point> run(ExperimentConfig config, RunDirectory dir, WeightDraws draws,
      TrainingSettings conditionedSettings) throws IOException {
    return run(config, dir, draws, conditionedSettings, false);
  }

  /**
   * @param singleFromRelevance start every other single-objective model from the relevance-only model's weights
   *     (a diagnostic: is the trade-off reachable from the relevance side, where a conditioned model starts?)
   */
  public static List<Point> run(ExperimentConfig config, RunDirectory dir, WeightDraws draws,
      TrainingSettings conditionedSettings, boolean singleFromRelevance) throws IOException {
    PreparedDataset data = ExperimentData.load(config, dir);
    long seed = config.baseSeed();
    TrainingSettings s = config.settingsFor(seed);
    Path models = dir.root().resolve("models");
    try (RewardModel reward = reward(data, s, models.resolve("reward"));
        NetworkTrainer<ScoringNetwork> dnn = dnn(data, s, models.resolve("aux-dnn"))) {
      ScoreCache dnnScores = Workflow.cache(data, dnn);
      Objectives objectives = Objectives.of(data, reward.cachedOn(data));
      List<ListUtility> utilities = new ArrayList<>(List.of(reward, new CategoryDiversity(data.catalog()),
          new Novelty(data.itemCounts())));
      if (Workflow.simulatorOf(data) != null) {
        utilities.add(new SimulatorUtility(Workflow.simulatorOf(data), data.userIds(), data.itemIds()));
      }
      List<Point> points = new ArrayList<>();
      List<Point> singlePoints = new ArrayList<>();
      GeneratorPolicy relevanceModel = null;
      List<NetworkTrainer<PointerGenerator>> open = new ArrayList<>();
      try {
        Path relevanceDir = null;
        for (float[] w : ANCHORS) {
          boolean relevanceOnly = w[1] == 0 && w[2] == 0;
          Path start = singleFromRelevance && !relevanceOnly ? relevanceDir : null;
          Path modelDir = models.resolve("single-" + Objectives.format(w).replace(',', '_')
              + (start != null ? "-from-relevance" : ""));
          NetworkTrainer<PointerGenerator> net = Files.isRegularFile(modelDir.resolve("model.json"))
              ? Models.loadGenerator(modelDir)
              : Workflow.trainFixedObjective(data, reward, dnnScores, s, w, modelDir, start).network();
          if (relevanceOnly) {
            relevanceDir = modelDir;
          }
          open.add(net);
          GeneratorPolicy single = Workflow.generatorPolicy(net).withObjective("single-objective", w);
          singlePoints.add(evaluate(data, utilities, "single-objective", w, single));
          if (relevanceOnly) {
            relevanceModel = single;
          }
        }
        // the conditioned model after the single-objective ones, so that they can join its group (anchors:N)
        List<GeneratorPolicy> anchorPolicies = new ArrayList<>();
        for (int a = 0; a < open.size(); a++) {
          anchorPolicies.add(Workflow.generatorPolicy(open.get(a)).withObjective("anchor", ANCHORS.get(a)));
        }
        Path conditionedDir = models.resolve("conditioned");
        try (NetworkTrainer<PointerGenerator> conditioned = Files.isRegularFile(conditionedDir.resolve("model.json"))
            ? Models.loadGenerator(conditionedDir)
            : Workflow.trainConditioned(data, reward, dnnScores, conditionedSettings, draws, conditionedDir,
                conditionedSettings.group().count("anchors") > 0 ? anchorPolicies : List.of()).network()) {
          GeneratorPolicy policy = Workflow.generatorPolicy(conditioned);
          for (float[] w : GRID) {
            points.add(evaluate(data, utilities, "conditioned", w, policy.withObjective("conditioned", w)));
          }
        }
        points.addAll(singlePoints);
        for (float[] w : GRID) {
          var ge = new GeneratorEvaluatorPolicy(relevanceModel, new WeightedObjective(objectives, w),
              config.geSamples(), true, seed);
          points.add(evaluate(data, utilities, "G-E (swapped evaluator)", w, ge));
        }
      } finally {
        open.forEach(NetworkTrainer::close);
      }
      write(dir.root(), points, utilities, config, ExperimentData.provenance(config, dir));
      return points;
    }
  }

  private static Point evaluate(PreparedDataset data, List<ListUtility> utilities, String method, float[] w,
      RankingPolicy policy) {
    System.out.printf("  %-24s %s%n", method, Objectives.format(w));
    return new Point(method, w, Workflow.evaluate(data, List.of(policy), utilities, Split.TEST, false).get(0));
  }

  private static RewardModel reward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return Files.isRegularFile(dir.resolve("model.json")) ? RewardModel.load(dir) : Workflow.trainReward(data, s, dir);
  }

  private static NetworkTrainer<ScoringNetwork> dnn(PreparedDataset data, TrainingSettings s, Path dir)
      throws IOException {
    return Files.isRegularFile(dir.resolve("model.json")) ? Models.loadScorer(dir)
        : Workflow.trainScorer(data, "dnn", s.dnnSize(), s.dnnEpochs(), s, s.seed() + 2, dir);
  }

  /** objectives.csv, objectives.md and one PNG per secondary objective (relevance against it). */
  static void write(Path out, List<Point> points, List<ListUtility> utilities, ExperimentConfig config,
      ExperimentData.Provenance provenance) throws IOException {
    List<String> columns = new ArrayList<>();
    utilities.forEach(u -> columns.add(u.name()));
    columns.addAll(List.of("H@6", "N@6"));
    StringBuilder csv = new StringBuilder("method");
    Objectives.NAMES.forEach(n -> csv.append(",w_").append(n));
    columns.forEach(c -> csv.append(',').append(c));
    csv.append('\n');
    StringBuilder md = new StringBuilder(ReportHeader.markdown(config, provenance, false)).append('\n');
    md.append("| method | w |");
    columns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append("\n|---|---|").append("---|".repeat(columns.size())).append('\n');
    for (Point p : points) {
      csv.append(p.method());
      for (float x : p.weights()) {
        csv.append(',').append(x);
      }
      md.append("| ").append(p.method()).append(" | ").append(Objectives.format(p.weights())).append(" |");
      for (String c : columns) {
        double v = p.result().mean(c);
        csv.append(',').append(String.format("%.6f", v));
        md.append(String.format(" %.4f |", v));
      }
      csv.append('\n');
      md.append('\n');
    }
    AtomicFiles.writeString(out.resolve("objectives.csv"), csv.toString());
    md.append("\nCommand: `").append(config.commandLine()).append("`\n");
    AtomicFiles.writeString(out.resolve("objectives.md"), md.toString());
    for (int k = 1; k < Objectives.NAMES.size(); k++) {
      String secondary = Objectives.NAMES.get(k);
      Map<String, double[][]> series = new LinkedHashMap<>();
      for (String method : List.of("conditioned", "G-E (swapped evaluator)", "single-objective")) {
        List<double[]> xy = new ArrayList<>();
        for (Point p : points) {
          // the relevance-only point belongs to both fronts; the other axis's points do not
          boolean onThisFront = p.weights()[3 - k] == 0;
          if (p.method().equals(method) && onThisFront) {
            xy.add(new double[] {p.result().mean(secondary), p.result().mean("reward")});
          }
        }
        if (!xy.isEmpty()) {
          series.put(method, new double[][] {xy.stream().mapToDouble(a -> a[0]).toArray(),
              xy.stream().mapToDouble(a -> a[1]).toArray()});
        }
      }
      Charts.lineChart(out.resolve("objectives-" + secondary + ".png"),
          "Relevance vs " + secondary + " as w_" + secondary + " rises", secondary, "relevance (r̂)", series, false);
    }
  }
}
