package io.goalrank.workflow;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.Simulator;
import java.io.IOException;
import java.nio.file.Path;

/** The reward model r̂: trained as {@link TrainingSettings#rewardKind} says, on labels or on impressions. */
public final class RewardStage {
  private RewardStage() {}

  /**
   * Trains the reward model and returns it frozen, by {@link TrainingSettings#rewardKind} ({@link RewardKinds}):
   * {@code POINTWISE} (kind {@code reward}) on the candidate labels; on impressions, {@code CLICKS} (kind
   * {@code click-reward}, pointwise with position offsets), {@code LIST} (kind {@code list-reward}, list-aware), or
   * the composites {@code ENSEMBLE} and {@code MIXTURE}.
   */
  public static RewardModel trainReward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardKinds.get(s.rewardKind()).trainer().train(data, s, dir);
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
      if (!s.teacher().logging().isDefault()) {
        throw new IllegalArgumentException("--logging-policies chooses who shows the simulator's impressions; a real "
            + "log's lists were shown by its own logging policy (leave the option out there)");
      }
      return Impressions.fromLoggedLists(data);
    }
    return ImpressionSimulator.simulate(sim, data, ModelShapes.listLength(data), s.impressionsPerRequest(),
        s.seed() + 5, s.teacher().logging(), s.teacher().propensity().enabled());
  }
}
