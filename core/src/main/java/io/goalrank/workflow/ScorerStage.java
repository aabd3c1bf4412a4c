package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import io.goalrank.train.ScorerTraining;
import java.io.IOException;
import java.nio.file.Path;

/** Per-candidate scorers (the auxiliary DNN, the scorer baselines) and their cached scores. */
public final class ScorerStage {
  private ScorerStage() {}

  /** Trains a per-candidate scorer of the given kind ({@code dnn} or {@code prm}). */
  public static NetworkTrainer<ScoringNetwork> trainScorer(PreparedDataset data, String kind, String size, int epochs,
      TrainingSettings s, long seed, Path dir) throws IOException {
    return ScorerTraining.fit(data, ModelShapes.modelConfig(data, size, s),
        new ScorerTraining.Options(kind, epochs, s.patience(), s.batchSize(), s.rewardLearningRate(),
            s.weightDecay(), seed, dir),
        Provenance.of(data)).network();
  }

  /** Scores of a scorer for every request, cached. */
  public static ScoreCache cache(PreparedDataset data, NetworkTrainer<? extends ScoringNetwork> net) {
    return ScoreCache.of(data, batch -> ScorerTraining.scores(net, batch), 256);
  }
}
