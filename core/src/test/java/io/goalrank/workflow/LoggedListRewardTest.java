package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.model.Checkpoint;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real log (no simulator behind it) the logged lists are the impressions: each slate's items in the order
 * the user consumed them, with their own feedback, so the list-aware and position-aware reward models train on
 * real data.
 */
class LoggedListRewardTest {

  private static PreparedDataset slates() {
    // a generated log read as a real one: prepared directly, without the simulator's settings in its info
    var log = Simulator.create(SimulatorConfig.builder().users(200).items(150).interactionsPerUser(25, 40).seed(4)
        .build()).generateLog();
    ProtocolConfig c = ProtocolConfig.builder().optCoreK(5).optRequests(ProtocolConfig.RequestMode.SLATES)
        .optSeed(4).build();
    return new DatasetPreparer(c, new MfRetriever.Options(16, 3, 1024, 1e-2f, 1e-5f, 4)).prepare("csv", log);
  }

  @Test
  void eachSlateIsOneShownListInItsOwnOrderWithItsOwnFeedback() {
    PreparedDataset data = slates();
    assertNull(Workflow.simulatorOf(data), "read as real data");
    Impressions impressions = Impressions.fromLoggedLists(data);
    assertEquals(1, impressions.perRequest());
    for (int r = 0; r < data.size(); r++) {
      int[] shown = impressions.lists()[r][0];
      int[] items = new int[shown.length];
      float[] expectedClicks = new float[shown.length];
      for (int t = 0; t < shown.length; t++) {
        items[t] = data.candidates(r)[shown[t]];
        expectedClicks[t] = data.targetPositive(r)[t];
        assertEquals(expectedClicks[t], data.labels(r)[shown[t]], "a click is the candidate's label");
      }
      assertArrayEquals(data.targets(r), items, "request " + r + " shows its slate in time order");
      assertArrayEquals(expectedClicks, impressions.clicks()[r][0]);
    }
  }

  @Test
  void listAwareAndPositionAwareRewardModelsTrainOnRealSlates(@TempDir Path dir) throws Exception {
    PreparedDataset data = slates();
    assertTrue(data.indices(Split.TRAIN).length > data.indices(Split.TEST).length, "slates: more train rows than users");
    for (TrainingSettings.RewardKind kind : new TrainingSettings.RewardKind[] {TrainingSettings.RewardKind.LIST,
        TrainingSettings.RewardKind.CLICKS}) {
      TrainingSettings s = TrainingSettings.builder().optRewardSize("tiny").optRewardEpochs(2).optPatience(2)
          .optBatchSize(64).optRewardKind(kind).optSeed(4).build();
      Path out = dir.resolve(kind.name());
      try (RewardModel reward = Workflow.trainReward(data, s, out)) {
        var provenance = Checkpoint.read(out).provenance();
        double logloss = Double.parseDouble(provenance.get("validLogloss"));
        assertTrue(logloss > 0 && logloss < 1, kind + " validation log-loss " + logloss);
        float[] r = reward.score(data.batch(new int[] {data.indices(Split.TEST)[0]}),
            new int[][][] {{{0, 1, 2, 3, 4, 5}}})[0];
        assertTrue(Float.isFinite(r[0]), kind + " scores a list");
      }
    }
  }
}
