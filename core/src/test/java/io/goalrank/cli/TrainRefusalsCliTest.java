package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.PreparedShards;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What train-reward and train refuse before they write anything: a refusal must not leave a run.json behind, or
 * the corrected rerun into the same --out is refused as a changed setting.
 */
class TrainRefusalsCliTest {
  @Test
  void objectiveOptionsWithoutObjectivesAreRefusedNotIgnored(@TempDir Path tmp) {
    for (String option : new String[] {"--max-other-weight", "--weight-draws"}) {
      Path out = tmp.resolve("gen");
      Object[] r = CliRunner.run("train", "--prepared", tmp.resolve("absent.bin").toString(), "--reward",
          tmp.resolve("reward").toString(), "--out", out.toString(), option, "3");
      assertEquals(2, r[0], (String) r[2]);
      assertTrue(((String) r[2]).contains(option + " is read only with --objectives"), (String) r[2]);
      assertFalse(Files.exists(out), "nothing written");
    }
  }

  @Test
  void refusalsLeaveNoRunRecord(@TempDir Path tmp) throws Exception {
    Path prepared = tmp.resolve("prepared.bin");
    Object[] r = CliRunner.run("simulate", "--users", "80", "--items", "120", "--mf-epochs", "3", "--quiet",
        "--out", prepared.toString());
    assertEquals(0, r[0], (String) r[2]);
    Path shards = tmp.resolve("shards");
    PreparedShards.write(PreparedDataset.read(prepared), null, shards, 17);

    Path out = tmp.resolve("reward");
    // a composite kind, and an impression kind on a set without shown lists: refused before run.json
    r = CliRunner.run("train-reward", "--shards", shards.toString(), "--reward-kind", "mixture", "--quiet",
        "--out", out.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("not trained from shards yet"), (String) r[2]);
    assertFalse(Files.exists(out.resolve("run.json")), "nothing recorded");
    r = CliRunner.run("train-reward", "--shards", shards.toString(), "--reward-kind", "list", "--quiet",
        "--out", out.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("have no shown lists"), (String) r[2]);
    assertFalse(Files.exists(out.resolve("run.json")), "nothing recorded");

    // --shuffle-window: at least 1, and only with --shards (a prepared file would silently ignore it)
    r = CliRunner.run("train-reward", "--shards", shards.toString(), "--shuffle-window", "0", "--quiet",
        "--out", out.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--shuffle-window must be at least 1"), (String) r[2]);
    assertFalse(Files.exists(out.resolve("run.json")), "nothing recorded");
    r = CliRunner.run("train-reward", "--prepared", prepared.toString(), "--shuffle-window", "64", "--quiet",
        "--out", out.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--shuffle-window"), (String) r[2]);
    assertFalse(Files.exists(out.resolve("run.json")), "nothing recorded");

    // a pointwise reward model refreshed as --reward-kind clicks: refused naming both, not a failure after K epochs
    r = CliRunner.run("train-reward", "--prepared", prepared.toString(), "--reward-size", "tiny", "--reward-epochs",
        "1", "--patience", "1", "--quiet", "--out", out.toString());
    assertEquals(0, r[0], (String) r[2]);
    Path gen = tmp.resolve("gen");
    r = CliRunner.run("train", "--prepared", prepared.toString(), "--reward", out.toString(), "--reward-kind",
        "clicks", "--teacher-refresh", "2", "--quiet", "--out", gen.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--teacher-refresh") && ((String) r[2]).contains("holds a reward"),
        (String) r[2]);
    assertFalse(Files.exists(gen), "nothing written");

    // a click model refreshed from other impressions than it learnt from: refused naming the settings
    Path clicks = tmp.resolve("clicks");
    r = CliRunner.run("train-reward", "--prepared", prepared.toString(), "--reward-kind", "clicks", "--reward-size",
        "tiny", "--reward-epochs", "1", "--patience", "1", "--impressions-per-request", "2", "--quiet", "--out",
        clicks.toString());
    assertEquals(0, r[0], (String) r[2]);
    r = CliRunner.run("train", "--prepared", prepared.toString(), "--reward", clicks.toString(), "--reward-kind",
        "clicks", "--teacher-refresh", "2", "--seed", "5", "--quiet", "--out", gen.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--impressions-per-request 2 (not 8)")
        && ((String) r[2]).contains("--seed 999 (not 5)"), (String) r[2]);
    assertFalse(Files.exists(gen), "nothing written");
    // and without --reward-kind, the model's kind is named
    r = CliRunner.run("train", "--prepared", prepared.toString(), "--reward", clicks.toString(),
        "--teacher-refresh", "2", "--quiet", "--out", gen.toString());
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("holds a click-reward"), (String) r[2]);
    assertFalse(Files.exists(gen), "nothing written");
  }
}
