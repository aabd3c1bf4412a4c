package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.workflow.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a command that writes a run folder reuses it only with the settings that made it. A rerun with another
 * setting exits 2 naming it and leaves every file as it was; the same settings resume; stale temporary files of a
 * killed save are removed. Tiny simulated data and one epoch per network, so each command takes seconds.
 */
class RunFolderCliTest {
  private static final String[] TINY = {"--epochs", "1", "--reward-epochs", "1", "--patience", "1", "--group-size", "4",
      "--quiet"};

  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  /** {@code command} with one epoch per network and no progress bars, then {@code more}. */
  private static String[] tiny(String command, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(TINY));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Every file under {@code dir}: its bytes and modification time, to prove a refused run touched nothing. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(f).toString(), Files.getLastModifiedTime(f).toMillis() + " "
            + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(f))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static Path staleTemporary(Path dir) throws IOException {
    Path f = Files.writeString(Files.createDirectories(dir).resolve("weights.params4711.tmp"), "a killed save");
    Files.setLastModifiedTime(f, FileTime.fromMillis(0)); // written before this JVM started
    return f;
  }

  @Test
  void demoRerunsOnlyWithTheSettingsThatMadeItsFolder(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    String[] demo = tiny("demo", "--users", "80", "--items", "120", "--impressions-per-request", "4",
        "--out", out.toString());
    Object[] r = run(demo);
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(Files.isRegularFile(out.resolve(RunFolder.RECORD)));
    assertTrue(Files.isRegularFile(out.resolve("goalrank/items.txt")), "the demo's generator is servable");
    Map<String, String> before = snapshot(out);

    r = run(with(demo, "--teacher", "true-utility"));
    assertEquals(2, r[0], (String) r[1]);
    String err = (String) r[2];
    assertTrue(err.contains("--teacher reward-model, not true-utility"), err);
    assertTrue(err.contains("another --out"), err);
    assertEquals(before, snapshot(out), "a refused rerun leaves every file as it was");

    // (the paper's setting trains its reward model on labels, so it is asked for with a click model here, which
    // reads --impressions-per-request)
    r = run(with(demo, "--paper-setting", "--reward-kind", "clicks"));
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("--paper-setting false, not true"), (String) r[2]);
    r = run(with(demo, "--reward-kind", "list"));
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("--reward-kind pairwise, not list"), (String) r[2]);
    assertEquals(before, snapshot(out), "prepared.bin and the models are not overwritten by a refused run");

    // the same settings (where networks run is not a setting) resume; a killed save's temporary file goes
    Path stale = staleTemporary(out.resolve("goalrank/checkpoints/last"));
    r = run(with(demo, "--decode", "reference", "--device", "cpu"));
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("reusing the simulated requests"), (String) r[1]);
    assertFalse(Files.exists(stale), "stale temporary file removed");
    assertEquals(before.get("prepared.bin"), snapshot(out).get("prepared.bin"), "the data is reused, not remade");

    // a folder from a build that recorded nothing is refused too: its settings cannot be checked
    Files.delete(out.resolve(RunFolder.RECORD));
    r = run(demo);
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("no run.json"), (String) r[2]);
  }

  @Test
  void trainAndTrainRewardRerunOnlyWithTheirSettings(@TempDir Path tmp) throws Exception {
    Path prepared = tmp.resolve("prepared.bin");
    Object[] r = run("simulate", "--users", "80", "--items", "120", "--mf-epochs", "3", "--quiet", "--out",
        prepared.toString());
    assertEquals(0, r[0], (String) r[2]);
    Path reward = tmp.resolve("reward");
    String[] trainReward = tiny("train-reward", "--prepared", prepared.toString(), "--reward-size", "tiny",
        "--out", reward.toString());
    r = run(trainReward);
    assertEquals(0, r[0], (String) r[2]);
    Path model = tmp.resolve("goalrank");
    String[] train = tiny("train", "--prepared", prepared.toString(), "--reward", reward.toString(),
        "--size", "tiny", "--out", model.toString());
    r = run(train);
    assertEquals(0, r[0], (String) r[2]);
    Map<String, String> rewardBefore = snapshot(reward);
    Map<String, String> modelBefore = snapshot(model);

    r = run(with(train, "--lr", "0.01"));
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("--lr 0.001, not 0.01 (generator)"), (String) r[2]);
    r = run(tiny("train-reward", "--prepared", prepared.toString(), "--reward-size", "small", "--out",
        reward.toString()));
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("--reward-size tiny, not small (reward)"), (String) r[2]);
    assertEquals(rewardBefore, snapshot(reward));
    assertEquals(modelBefore, snapshot(model));

    // same settings: resumed (options that change nothing train-reward writes do not count)
    r = run(with(trainReward, "--group", "mf-order:1,generator:2", "--decode", "reference"));
    assertEquals(0, r[0], (String) r[2]);
    Path stale = staleTemporary(model.resolve("checkpoints"));
    r = run(train);
    assertEquals(0, r[0], (String) r[2]);
    assertFalse(Files.exists(stale), "stale temporary file removed");
    // the generator `train` saved carries its item ids, so rank/serve can load it
    try (var ranker = io.goalrank.serve.Ranker.load(model, 1000)) {
      assertEquals(io.goalrank.data.PreparedDataset.read(prepared).itemIds().rawIds(),
          Files.readAllLines(model.resolve("items.txt")));
    }
  }
}
