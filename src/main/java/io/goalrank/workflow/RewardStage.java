package io.goalrank.workflow;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.model.ModelConfig;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.Simulator;
import io.goalrank.train.ImpressionRewardTraining;
import io.goalrank.train.ScorerTraining;
import java.io.IOException;
import java.nio.file.Path;

/** The reward model r̂: trained as {@link TrainingSettings#rewardKind} says, on labels or on impressions. */
public final class RewardStage {
  private RewardStage() {}

  /**
   * Trains the reward model and returns it frozen, by {@link TrainingSettings#rewardKind}: {@code POINTWISE} (kind
   * {@code reward}) on the candidate labels; on simulated impressions, {@code CLICKS} (kind {@code click-reward},
   * pointwise with position offsets) or {@code LIST} (kind {@code list-reward}, list-aware).
   */
  public static RewardModel trainReward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    var options = new ScorerTraining.Options("reward", s.rewardEpochs(), s.patience(), s.batchSize(),
        s.rewardLearningRate(), s.weightDecay(), s.seed() + 1, dir);
    ModelConfig config = ModelShapes.modelConfig(data, s.rewardSize(), s);
    return switch (s.rewardKind()) {
      case POINTWISE -> RewardModel.pointwise(ScorerTraining.fit(data, config, options, Provenance.of(data))
          .network());
      case CLICKS -> RewardModel.pointwise(ImpressionRewardTraining.fitPointwise(data, impressions(data, s), config,
          options, Provenance.of(data)).network());
      case LIST -> RewardModel.listAware(ImpressionRewardTraining.fit(data, impressions(data, s), config, options,
          Provenance.of(data)).network());
    };
  }

  /**
   * The impression log an impression-trained reward model learns from: on simulated data, lists the simulator's
   * logging policy showed ({@code impressionsPerRequest} per request, with simulated clicks); on real data, the
   * logged lists themselves ({@link Impressions#fromLoggedLists}: each request's ground truth in time order with its
   * own feedback; with {@code --requests slates} every slate of the timeline).
   */
  public static Impressions impressions(PreparedDataset data, TrainingSettings s) {
    Simulator sim = SimulatedData.simulatorOf(data);
    if (sim == null) {
      return Impressions.fromLoggedLists(data);
    }
    return ImpressionSimulator.simulate(sim, data, ModelShapes.listLength(data), s.impressionsPerRequest(),
        s.seed() + 5);
  }
}
