package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.model.Checkpoint;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seq2Slate on positives only counts exactly the logged list's positive steps, and trains into a servable model. */
class Seq2SlatePositivesOnlyTest {

  private static PreparedDataset data() {
    return Workflow.simulate(SimulatorConfig.builder().users(150).items(120).interactionsPerUser(25, 35).seed(6)
            .build(), ProtocolConfig.builder().optCoreK(5).optSeed(6).build(),
        new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, 6));
  }

  @Test
  void theCountedStepsAreThePositivesOfTheLoggedListAndNothingElse() {
    PreparedDataset data = data();
    int l = 6;
    RequestBatch batch = data.batch(data.indices(Split.TRAIN));
    int[][] logged = LoggedLists.of(data, batch, l);
    float[] counted = Seq2SlateTrainer.positiveSteps(data, batch, l);
    int withoutPositive = 0;
    for (int b = 0; b < batch.size(); b++) {
      float[] labels = data.labels(batch.requestIds()[b]);
      int positives = 0;
      for (byte p : data.targetPositive(batch.requestIds()[b])) {
        positives += p;
      }
      withoutPositive += positives == 0 ? 1 : 0;
      for (int t = 0; t < l; t++) {
        boolean isCounted = counted[b * l + t] == 1f;
        assertEquals(t < Math.min(positives, l), isCounted, "request " + b + " step " + t);
        // a counted step's target is a positive; an uncounted one never teaches a label-1 item either way
        assertEquals(isCounted, labels[logged[b][t]] == 1f, "request " + b + " step " + t);
      }
    }
    assertTrue(withoutPositive < batch.size(), "the fixture has positives");
  }

  @Test
  void trainsAndSavesAGeneratorThatSaysHowItWasTrained(@TempDir Path dir) throws Exception {
    PreparedDataset data = data();
    TrainingSettings s = TrainingSettings.builder().optRewardSize("tiny").optRewardEpochs(1).optPatience(1)
        .optSeed(6).build();
    try (RewardModel reward = Workflow.trainReward(data, s, null)) {
      var fitted = Seq2SlateTrainer.fitPositivesOnly(data, Workflow.modelConfig(data, "tiny", s), reward,
          FitOptions.builder().optEpochs(2).optPatience(2).optBatchSize(64).optSeed(8).optDirectory(dir).build(), Map.of());
      fitted.network().close();
      assertTrue(Float.isFinite((float) fitted.result().bestScore()), "validation N@6 " + fitted.result().bestScore());
    }
    assertTrue(Checkpoint.read(dir).provenance().get("trainer").startsWith("seq2slate-pos"));
  }
}
