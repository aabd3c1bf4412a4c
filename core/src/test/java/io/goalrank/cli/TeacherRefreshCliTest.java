package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --teacher-refresh} as the command line spells and refuses it; every case stops before any training. */
class TeacherRefreshCliTest {
  @Test
  void trainRefusesTheRefreshOnRealDataNamingTheFlag(@TempDir Path dir) throws Exception {
    // a real log: the simulator's config removed, so no user model can be asked
    Path prepared = dir.resolve("real.bin");
    var real = Workflow.simulate(
            SimulatorConfig.builder().users(120).items(80).interactionsPerUser(20, 26).seed(3).build(),
            ProtocolConfig.builder().optCoreK(5).optSeed(3).build(), new MfRetriever.Options(8, 1, 4096, 5e-3f, 1e-5f, 3))
        .withConfig(SimulatorConfig.PROVENANCE, null);
    java.util.Map<String, String> info = new java.util.LinkedHashMap<>(real.info());
    info.keySet().removeIf(k -> k.startsWith("sim."));
    real = real.withInfo(info);
    real.write(prepared);
    // a click model trained on the log's own lists, as train-reward would make it
    Path reward = dir.resolve("reward");
    Workflow.trainReward(real, TrainingSettings.builder().optRewardSize("tiny").optRewardEpochs(1)
        .optRewardKind(TrainingSettings.RewardKind.CLICKS).build(), reward).close();
    Path out = dir.resolve("gen");
    Object[] r = CliRunner.run("train", "--prepared", prepared.toString(), "--reward", reward.toString(),
        "--out", out.toString(), "--reward-kind", "clicks", "--teacher-refresh", "2");
    assertEquals(2, r[0], String.valueOf(r[2]));
    assertTrue(((String) r[2]).contains("--teacher-refresh") && ((String) r[2]).contains("real log"), (String) r[2]);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void demoRefusesARefreshWithoutALearnedTeacherOrWithoutK(@TempDir Path dir) {
    Object[] exact = CliRunner.run("demo", "--out", dir.resolve("a").toString(), "--teacher", "true-utility",
        "--teacher-refresh", "2");
    assertEquals(2, exact[0], String.valueOf(exact[2]));
    assertTrue(((String) exact[2]).contains("--teacher-refresh"), (String) exact[2]);
    Object[] noK = CliRunner.run("demo", "--out", dir.resolve("b").toString(), "--refresh-impressions", "4");
    assertEquals(2, noK[0], String.valueOf(noK[2]));
    assertTrue(((String) noK[2]).contains("--teacher-refresh K"), (String) noK[2]);
    Object[] labels = CliRunner.run("demo", "--out", dir.resolve("c").toString(), "--paper-setting",
        "--teacher-refresh", "2", "--users", "60", "--items", "50");
    assertEquals(2, labels[0], String.valueOf(labels[2]));
    assertTrue(((String) labels[2]).contains("pointwise"), (String) labels[2]);
    Object[] never = CliRunner.run("demo", "--out", dir.resolve("d").toString(), "--teacher-refresh", "3",
        "--epochs", "3");
    assertEquals(2, never[0], String.valueOf(never[2]));
    assertTrue(((String) never[2]).contains("would never refresh"), (String) never[2]);
    assertFalse(Files.exists(dir.resolve("d").resolve("prepared.bin")));
    assertFalse(Files.exists(dir.resolve("a").resolve("prepared.bin")));
    assertFalse(Files.exists(dir.resolve("b").resolve("prepared.bin")));
    assertFalse(Files.exists(dir.resolve("c").resolve("prepared.bin")));
  }

  @Test
  void theDemoReportNamesARefreshedTeacherOnlyWhenThereIsOne() {
    Path dir = Path.of("runs", "demo", "goalrank");
    String none = DemoCommand.refreshHeader("every 5 epochs", 0, dir);
    assertFalse(none.contains("refreshed-teacher"), none);
    assertTrue(none.contains("0 refreshes") && none.contains("stage 2 judges"), none);
    String two = DemoCommand.refreshHeader("every 5 epochs", 2, dir);
    assertTrue(two.contains("2 refreshes") && two.contains(dir.resolve("refreshed-teacher").toString()), two);
  }
}
