package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  private static final TrainingSettings S = TrainingSettings.impressionSetting();

  private static List<RunFolder.Artefact> demo(TrainingSettings s, String teacher) {
    Map<String, String> generator = new java.util.LinkedHashMap<>(RunFolder.generatorSettings(s));
    generator.put("--teacher", teacher);
    return List.of(new RunFolder.Artefact("reward", List.of("reward"), RunFolder.rewardSettings(s)),
        new RunFolder.Artefact("goalrank", List.of("goalrank"), generator));
  }

  @Test
  void sameSettingsReuseAFolderAndOtherSettingsAreRefusedByName(@TempDir Path dir) throws Exception {
    RunFolder.claim(dir, "demo", demo(S, "reward-model"));
    Files.createDirectories(dir.resolve("reward"));
    byte[] record = Files.readAllBytes(dir.resolve(RunFolder.RECORD));
    RunFolder.claim(dir, "demo", demo(S, "reward-model")); // same settings: accepted

    var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, "demo", demo(S, "true-utility")));
    assertTrue(e.getMessage().contains("--teacher reward-model, not true-utility (goalrank)"), e.getMessage());
    assertTrue(e.getMessage().contains("another --out"), e.getMessage());

    // a setting shared by two artefacts is named once, with both
    e = assertThrows(IllegalArgumentException.class,
        () -> RunFolder.claim(dir, "demo", demo(S.toBuilder().optSeed(1).build(), "reward-model")));
    assertTrue(e.getMessage().contains("--seed 999, not 1 (reward, goalrank)"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, "train", demo(S, "reward-model")));
    assertTrue(e.getMessage().contains("made by `goalrank demo`, not `goalrank train`"), e.getMessage());
    assertEquals(new String(record), Files.readString(dir.resolve(RunFolder.RECORD)), "the record is never rewritten");
  }

  @Test
  void settingsThatChangeNoArtefactAreNotRecorded() {
    // the generator does not depend on how the reward model is trained, nor the reward model on the group
    assertEquals(RunFolder.generatorSettings(S),
        RunFolder.generatorSettings(S.toBuilder().optRewardSize("large").optRewardEpochs(3).build()));
    assertEquals(RunFolder.rewardSettings(S),
        RunFolder.rewardSettings(S.toBuilder().optGroup(io.goalrank.group.GroupSpec.ofSize(5)).build()));
    assertFalse(RunFolder.rewardSettings(S.toBuilder().optRewardKind(TrainingSettings.RewardKind.POINTWISE).build())
        .containsKey("--impressions-per-request"), "impressions do not change a reward model trained on labels");
  }

  @Test
  void aFolderWithArtefactsButNoRecordIsRefused(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("goalrank"));
    var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, "demo", demo(S, "reward-model")));
    assertTrue(e.getMessage().contains("already holds goalrank but no run.json"), e.getMessage());
    assertFalse(Files.exists(dir.resolve(RunFolder.RECORD)));
  }

  @Test
  void aRecordWithoutASettingRefusesIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(RunFolder.RECORD), "{\"command\": \"demo\", \"artefacts\": {}}");
    var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(dir, "demo", demo(S, "reward-model")));
    assertTrue(e.getMessage().contains("--teacher (not set), not reward-model (goalrank)"), e.getMessage());
  }

  @Test
  void staleTemporariesAreRemovedFromAnAcceptedFolder(@TempDir Path dir) throws Exception {
    RunFolder.claim(dir, "demo", demo(S, "reward-model"));
    Path last = Files.createDirectories(dir.resolve("goalrank/checkpoints/last"));
    Path stale = Files.writeString(last.resolve("weights.params123.tmp"), "half a save");
    Files.setLastModifiedTime(stale, FileTime.fromMillis(0)); // written before this JVM started
    Path fresh = Files.writeString(last.resolve("model.json456.tmp"), "a save in progress");
    Path state = Files.writeString(last.resolve("state.json"), "{}");
    Files.setLastModifiedTime(state, FileTime.fromMillis(0));

    RunFolder.claim(dir, "demo", demo(S, "reward-model"));
    assertFalse(Files.exists(stale), "stale temporary removed");
    assertTrue(Files.exists(fresh), "a temporary written since this JVM started stays");
    assertTrue(Files.exists(state), "only *.tmp files are removed");
  }
}
