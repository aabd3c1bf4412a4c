package io.goalrank.workflow;

import io.goalrank.core.ListUtility;
import io.goalrank.data.PreparedDataset;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.train.GeneratorListener;
import io.goalrank.train.GoalRankTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * GoalRank generators from {@link TrainingSettings}: against a list utility, conditioned on objective weights, or
 * for fixed weights; with the options each picks its epoch by.
 */
public final class GeneratorStage {
  private GeneratorStage() {}

  /**
   * Trains GoalRank against {@code reward}: normally the frozen {@link RewardModel}, or any list utility (on the
   * simulator, its true utility, to separate the optimiser from the reward model's errors). The epoch is picked
   * on validation N@L when the labels measure what the reward rewards (a pointwise reward model), otherwise on the
   * validation reward itself.
   */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward, ScoreCache dnn,
      TrainingSettings s, Path dir) throws IOException {
    return trainGoalRank(data, reward, dnn == null ? Map.of() : Map.of("dnn", dnn), s, dir);
  }

  /** As above, with every trained scorer the group's sources read, by model kind. */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward,
      Map<String, ScoreCache> scorers, TrainingSettings s, Path dir) throws IOException {
    refuseRefresh(s);
    ListUtility teacher = reward instanceof RewardModel model ? model.cachedOn(data) : reward;
    boolean labels = reward instanceof RewardModel model && model.isTrainedOnLabels();
    return trainGoalRank(data, teacher, labels, scorers, s, dir);
  }

  /**
   * GoalRank against {@code teacher} as it stands (already cached on {@code data} where that helps), with
   * {@code watchers} beside the loop (the on-policy refresh, {@link TeacherRefreshStage}).
   *
   * @param trainedOnLabels whether r̂ learnt from the candidate labels (the epoch is then picked on N@L under AUTO)
   */
  static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility teacher, boolean trainedOnLabels,
      Map<String, ScoreCache> scorers, TrainingSettings s, Path dir, GeneratorListener... watchers)
      throws IOException {
    return GoalRankTrainer.fit(data, ModelShapes.generatorConfig(data, s), teacher, scorers,
        goalRankOptions(s, trainedOnLabels, dir, watchers), Provenance.of(data));
  }

  /** The refresh runs only where {@link TeacherRefreshStage} is called: elsewhere it would be silently ignored. */
  private static void refuseRefresh(TrainingSettings s) {
    if (s.teacher().refresh().enabled()) {
      throw new IllegalArgumentException("--teacher-refresh: this training path does not refresh the teacher "
          + "(demo and train do); leave the option out");
    }
  }

  /**
   * Trains an objective-conditioned generator ({@link GoalRankTrainer#fitConditioned}) on relevance (the reward
   * model), category diversity and novelty, with training weights drawn as {@code draws} says.
   */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, io.goalrank.objective.WeightDraws draws, Path dir) throws IOException {
    return trainConditioned(data, reward, dnn, s, draws, dir, List.of());
  }

  /** As above, with {@code anchors} feeding the group's {@code anchors:N} source. */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, io.goalrank.objective.WeightDraws draws, Path dir,
      List<? extends io.goalrank.core.SamplingPolicy> anchors) throws IOException {
    return GoalRankTrainer.fitConditioned(data, ModelShapes.generatorConfig(data, s),
        io.goalrank.objective.Objectives.of(data, reward.cachedOn(data)), draws, dnn,
        objectiveOptions(s, dir), Provenance.of(data), anchors);
  }

  /** A GoalRank model trained for the fixed objective weights {@code w} ({@link GoalRankTrainer#fitFixedObjective}). */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir) throws IOException {
    return trainFixedObjective(data, reward, dnn, s, w, dir, null);
  }

  /** As above, starting from the saved weights in {@code initialWeights} (null: a fresh initialisation). */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir, Path initialWeights) throws IOException {
    return GoalRankTrainer.fitFixedObjective(data, ModelShapes.generatorConfig(data, s),
        io.goalrank.objective.Objectives.of(data, reward.cachedOn(data)), w, dnn, objectiveOptions(s, dir),
        Provenance.of(data), initialWeights);
  }

  /**
   * The generator options of {@code s}. The epoch is picked on N@L only when r̂ learnt from the candidate labels
   * (then those labels measure what it rewards); otherwise on the mean r̂ of the greedy lists.
   */
  static GoalRankTrainer.Options goalRankOptions(TrainingSettings s, boolean pointwise, Path dir,
      GeneratorListener... watchers) {
    GoalRankTrainer.Selection selection = switch (s.selectOn()) {
      case NDCG -> GoalRankTrainer.Selection.NDCG;
      case REWARD -> GoalRankTrainer.Selection.REWARD;
      case AUTO -> pointwise ? GoalRankTrainer.Selection.NDCG : GoalRankTrainer.Selection.REWARD;
    };
    return generatorOptionsBuilder(s, selection, dir).addGeneratorListeners(watchers).build();
  }

  /**
   * The generator options of {@code s} for a model trained on weighted objectives: the epoch is picked on the
   * weighted objective itself ({@link GoalRankTrainer.Selection#OBJECTIVE}), since labels measure relevance alone.
   */
  private static GoalRankTrainer.Options objectiveOptions(TrainingSettings s, Path dir) {
    return generatorOptions(s, GoalRankTrainer.Selection.OBJECTIVE, dir);
  }

  private static GoalRankTrainer.Options generatorOptions(TrainingSettings s, GoalRankTrainer.Selection selection,
      Path dir) {
    refuseRefresh(s);
    return generatorOptionsBuilder(s, selection, dir).build();
  }

  private static GoalRankTrainer.Options.Builder generatorOptionsBuilder(TrainingSettings s,
      GoalRankTrainer.Selection selection, Path dir) {
    return GoalRankTrainer.Options.builder(s.group(), s.generatorFit(s.seed() + 3, dir)).optLoss(s.loss())
        .optSampleTemperature(s.sampleTemperature()).optReferenceTemperature(s.referenceTemperature())
        .optSelectOn(selection);
  }

}
