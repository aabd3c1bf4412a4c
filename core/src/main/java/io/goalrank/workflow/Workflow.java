package io.goalrank.workflow;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankingPolicy;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.objective.WeightDraws;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.train.GoalRankTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stages of a GoalRank run in one index: simulate or read data → prepare → reward model → auxiliary DNN →
 * GoalRank generator → evaluation of every policy on the same test requests. Each method is one line naming the
 * class that does that job ({@link SimulatedData}, {@link ModelShapes}, {@link RewardStage}, {@link ScorerStage},
 * {@link GeneratorStage}, {@link Evaluation}); the CLI commands, the experiments and the end-to-end tests call
 * these, so there is one code path. New code may call the stage classes directly.
 */
public final class Workflow {
  private Workflow() {}

  /** {@link SimulatedData#simulate}. */
  public static PreparedDataset simulate(SimulatorConfig simulator, ProtocolConfig protocol, MfRetriever.Options mf) {
    return SimulatedData.simulate(simulator, protocol, mf);
  }

  /** {@link SimulatedData#simulatorOf}. */
  public static Simulator simulatorOf(PreparedDataset data) {
    return SimulatedData.simulatorOf(data);
  }

  /** {@link ModelShapes#modelConfig(PreparedDataset, String)}. */
  public static ModelConfig modelConfig(PreparedDataset data, String size) {
    return ModelShapes.modelConfig(data, size);
  }

  /** {@link ModelShapes#modelConfig(PreparedDataset, String, TrainingSettings)}. */
  public static ModelConfig modelConfig(PreparedDataset data, String size, TrainingSettings s) {
    return ModelShapes.modelConfig(data, size, s);
  }

  /** {@link ModelShapes#listLength}. */
  public static int listLength(PreparedDataset data) {
    return ModelShapes.listLength(data);
  }

  /** {@link RewardStage#trainReward}. */
  public static RewardModel trainReward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardStage.trainReward(data, s, dir);
  }

  /** {@link RewardStage#impressions}. */
  public static Impressions impressions(PreparedDataset data, TrainingSettings s) {
    return RewardStage.impressions(data, s);
  }

  /** {@link ScorerStage#trainScorer}. */
  public static NetworkTrainer<ScoringNetwork> trainScorer(PreparedDataset data, String kind, String size, int epochs,
      TrainingSettings s, long seed, Path dir) throws IOException {
    return ScorerStage.trainScorer(data, kind, size, epochs, s, seed, dir);
  }

  /** {@link ScorerStage#cache}. */
  public static ScoreCache cache(PreparedDataset data, NetworkTrainer<? extends ScoringNetwork> net) {
    return ScorerStage.cache(data, net);
  }

  /** {@link GeneratorStage#trainGoalRank(PreparedDataset, ListUtility, ScoreCache, TrainingSettings, Path)}. */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward, ScoreCache dnn,
      TrainingSettings s, Path dir) throws IOException {
    return GeneratorStage.trainGoalRank(data, reward, dnn, s, dir);
  }

  /** {@link GeneratorStage#trainGoalRank(PreparedDataset, ListUtility, Map, TrainingSettings, Path)}. */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward,
      Map<String, ScoreCache> scorers, TrainingSettings s, Path dir) throws IOException {
    return GeneratorStage.trainGoalRank(data, reward, scorers, s, dir);
  }

  /** {@link GeneratorStage#trainConditioned}. */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, WeightDraws draws, Path dir) throws IOException {
    return GeneratorStage.trainConditioned(data, reward, dnn, s, draws, dir);
  }

  /** {@link GeneratorStage#trainConditioned}, with anchors. */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, WeightDraws draws, Path dir, List<? extends io.goalrank.core.SamplingPolicy> anchors)
      throws IOException {
    return GeneratorStage.trainConditioned(data, reward, dnn, s, draws, dir, anchors);
  }

  /** {@link GeneratorStage#trainFixedObjective}. */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir) throws IOException {
    return GeneratorStage.trainFixedObjective(data, reward, dnn, s, w, dir);
  }

  /** {@link GeneratorStage#trainFixedObjective}, from saved weights. */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir, Path initialWeights) throws IOException {
    return GeneratorStage.trainFixedObjective(data, reward, dnn, s, w, dir, initialWeights);
  }

  /** {@link Evaluation#heuristics}. */
  public static List<RankingPolicy> heuristics(PreparedDataset data, long seed) {
    return Evaluation.heuristics(data, seed);
  }

  /** {@link Evaluation#oracles}. */
  public static List<RankingPolicy> oracles(PreparedDataset data) {
    return Evaluation.oracles(data);
  }

  /** {@link Evaluation#rewardGreedy}. */
  public static RankingPolicy rewardGreedy(RewardModel reward) {
    return Evaluation.rewardGreedy(reward);
  }

  /** {@link Evaluation#utilities}. */
  public static List<ListUtility> utilities(PreparedDataset data, RewardModel reward) {
    return Evaluation.utilities(data, reward);
  }

  /** {@link Evaluation#evaluate}. */
  public static List<EvaluationResult> evaluate(PreparedDataset data, List<RankingPolicy> policies,
      List<ListUtility> utilities, Split split, boolean progress) {
    return Evaluation.evaluate(data, policies, utilities, split, progress);
  }

  /** {@link Evaluation#evaluate(io.goalrank.data.shard.ShardedRequests, List, List, Split, boolean)}. */
  public static List<EvaluationResult> evaluate(io.goalrank.data.shard.ShardedRequests set,
      List<RankingPolicy> policies, List<ListUtility> utilities, Split split, boolean progress)
      throws java.io.IOException {
    return Evaluation.evaluate(set, policies, utilities, split, progress);
  }

  /** {@link Evaluation#generatorPolicy}. */
  public static GeneratorPolicy generatorPolicy(NetworkTrainer<PointerGenerator> net) {
    return Evaluation.generatorPolicy(net);
  }

  /** {@link Provenance#of}. */
  static Map<String, String> provenance(PreparedDataset data) {
    return Provenance.of(data);
  }
}
