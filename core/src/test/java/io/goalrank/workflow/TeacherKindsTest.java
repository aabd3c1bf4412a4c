package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.ClickCalibration;
import io.goalrank.model.Checkpoint;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.LoggingMix;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.train.PropensityWeighting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue-20 teachers trained end to end on a tiny simulator: one epoch each, so it checks wiring, not quality. */
class TeacherKindsTest {
  private static final long SEED = 20;
  private static PreparedDataset data;

  @BeforeAll
  static void simulate() {
    data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(80).interactionsPerUser(20, 26).seed(SEED).build(),
        ProtocolConfig.builder().optCoreK(5).optSeed(SEED).build(),
        new MfRetriever.Options(8, 1, 4096, 5e-3f, 1e-5f, SEED));
  }

  private static TrainingSettings.Builder settings(TrainingSettings.RewardKind kind) {
    return TrainingSettings.builder().optRewardSize("tiny").optRewardEpochs(1).optPatience(1).optBatchSize(64)
        .optImpressionsPerRequest(2).optRewardKind(kind).optSeed(SEED);
  }

  @Test
  void anEnsembleOnAMixOfLoggingPoliciesWithPropensitiesTrainsSavesReloadsAndIsDiagnosed(@TempDir Path dir)
      throws Exception {
    TrainingSettings s = settings(TrainingSettings.RewardKind.ENSEMBLE)
        .optTeacher(TeacherOptions.DEFAULT.withLogging(LoggingMix.parse("logging:0.5,uniform:0.5"))
            .withPropensity(new PropensityWeighting(PropensityWeighting.Mode.PREFIX, 5f)).withEnsemble(2, 1f))
        .build();
    int[] test = data.indices(Split.TEST);
    RequestBatch batch = data.batch(Arrays.copyOf(test, Math.min(16, test.length)));
    Path out = dir.resolve("reward");
    try (RewardModel reward = Workflow.trainReward(data, s, out)) {
      assertEquals(2, reward.members().size());
      assertTrue(Files.isRegularFile(out.resolve("member-1").resolve(Checkpoint.META)));
      assertEquals("ensemble-reward", Checkpoint.read(out).kind());
      assertTrue(Checkpoint.read(out.resolve("member-0")).provenance().get("propensityWeighting").startsWith("prefix"));
      int[][] greedy = reward.greedy(batch, 6).lists();
      float[] r = reward.scoreOne(batch, greedy);
      ClickCalibration check = TeacherChecks.heldOutClicks(data, reward, s).orElseThrow();
      assertTrue(check.auc() > 0 && check.auc() < 1, check.summary());
      var both = TeacherChecks.heldOut(data, reward, s);
      assertEquals(2, both.size());
      assertTrue(both.get(1).lists().contains("uniformly random"), both.get(1).lists());
      try (RewardModel loaded = RewardModel.load(out)) {
        assertArrayEquals(r, loaded.scoreOne(batch, greedy), 1e-5f);
      }
      // trained again into the same folder, the saved members are loaded, not retrained
      try (RewardModel again = Workflow.trainReward(data, s, out)) {
        assertArrayEquals(r, again.scoreOne(batch, greedy), 1e-5f);
      }
    }
    // `train --reward DIR` records what the directory holds: a composite by its members' weights
    String id = RunFolder.modelContentId(out);
    assertTrue(id.endsWith("(members)"), id);
    assertEquals(RunFolder.contentId(out.resolve("member-0").resolve(Checkpoint.WEIGHTS)),
        RunFolder.modelContentId(out.resolve("member-0")));
    Files.write(out.resolve("member-1").resolve(Checkpoint.WEIGHTS), new byte[] {1, 2, 3});
    assertTrue(!id.equals(RunFolder.modelContentId(out)), "a member's new weights change the composite's id");
    assertEquals("2", RunFolder.rewardSettings(s).get("--ensemble-size"));
    assertEquals("logging:0.5,uniform:0.5", Checkpoint.read(out.resolve("member-1")).provenance().get("loggingPolicies"));
    String described = RewardKinds.describe(s);
    assertTrue(described.contains("ensemble (2 members") && described.contains("logging:0.5,uniform:0.5")
        && described.contains("prefix clip 5.0"), described);
    assertEquals("prefix", RunFolder.rewardSettings(s).get("--propensity"));
  }

  @Test
  void aMixtureTrainsBothMembers(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(TrainingSettings.RewardKind.MIXTURE)
        .optTeacher(TeacherOptions.DEFAULT.withMixture(0.3f)).build();
    try (RewardModel reward = Workflow.trainReward(data, s, dir.resolve("reward"))) {
      assertEquals(2, reward.members().size());
      assertTrue(!reward.members().get(0).isListAware() && reward.members().get(1).isListAware());
      assertEquals("mixture-reward", Checkpoint.read(dir.resolve("reward")).kind());
      assertEquals("0.3", Checkpoint.read(dir.resolve("reward")).provenance().get("mixtureWeight"));
    }
    assertEquals("0.3", RunFolder.rewardSettings(s).get("--mixture-weight"));
  }

  @Test
  void realLogsRefuseAPropensityCorrection() {
    PreparedDataset real = data.withInfo(java.util.Map.of()).withConfig(io.goalrank.sim.SimulatorConfig.PROVENANCE, null);
    TrainingSettings weighted = settings(TrainingSettings.RewardKind.LIST).optTeacher(TeacherOptions.DEFAULT
        .withPropensity(new PropensityWeighting(PropensityWeighting.Mode.LIST, 10f))).build();
    var e = assertThrows(IllegalArgumentException.class, () -> Workflow.trainReward(real, weighted, null));
    assertTrue(e.getMessage().contains("propensities"), e.getMessage());
    TrainingSettings mixed = settings(TrainingSettings.RewardKind.LIST).optTeacher(TeacherOptions.DEFAULT
        .withLogging(LoggingMix.parse("uniform"))).build();
    var m = assertThrows(IllegalArgumentException.class, () -> Workflow.impressions(real, mixed));
    assertTrue(m.getMessage().contains("--logging-policies"), m.getMessage());
  }

  @Test
  void onARealLogTheCheckJudgesTheTestRequestsLoggedLists() throws Exception {
    // a real slates log of the old format: no typed configs, the request mode in the info map
    PreparedDataset real = data.withInfo(java.util.Map.of("protocol.requests", "slates"))
        .withConfig(io.goalrank.sim.SimulatorConfig.PROVENANCE, null)
        .withConfig(io.goalrank.data.ProtocolConfig.PROVENANCE, null);
    TrainingSettings s = settings(TrainingSettings.RewardKind.CLICKS).build();
    try (RewardModel reward = Workflow.trainReward(real, s, null)) {
      ClickCalibration check = TeacherChecks.heldOutClicks(real, reward, s).orElseThrow();
      assertTrue(check.lists().startsWith("held-out slates"), check.lists());
      // one logged list per test request, whose length is the request's ground truth
      assertEquals(real.indices(Split.TEST).length, check.shown());
      assertTrue(check.positions() >= check.shown(), check.summary());
      assertEquals(1, TeacherChecks.heldOut(real, reward, s).size(), "no random lists on a real log");
    }
  }

  @Test
  void everyRewardKindIsRegisteredAndUnknownNamesFailWithTheList() {
    for (TrainingSettings.RewardKind k : TrainingSettings.RewardKind.values()) {
      assertEquals(k, RewardKinds.parse(RewardKinds.get(k).name()));
    }
    var e = assertThrows(IllegalArgumentException.class, () -> RewardKinds.parse("bandit"));
    assertTrue(e.getMessage().contains("ensemble") && e.getMessage().contains("mixture"), e.getMessage());
  }
}
