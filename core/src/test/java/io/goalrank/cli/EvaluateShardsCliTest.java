package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.PreparedShards;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code goalrank evaluate --shards} streams the split from a sharded request set and reports exactly what
 * {@code --prepared} reports on the dataset the set was converted from: every policy (heuristics, the auxiliary
 * DNN scored batch by batch, the reward model's greedy list, GoalRank, the oracles), every mean and the paired test
 * over the per-request values (results.csv).
 */
class EvaluateShardsCliTest {
  private static final String[] TINY = {"--epochs", "1", "--reward-epochs", "1", "--patience", "1",
      "--group-size", "4", "--quiet"};

  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  private static String[] tiny(String... args) {
    String[] all = new String[args.length + TINY.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(TINY, 0, all, args.length, TINY.length);
    return all;
  }

  @Test
  void shardsEvaluateAsThePreparedFile(@TempDir Path tmp) throws Exception {
    Path prepared = tmp.resolve("prepared.bin");
    Object[] r = run("simulate", "--users", "80", "--items", "120", "--mf-epochs", "3", "--quiet", "--out",
        prepared.toString());
    assertEquals(0, r[0], (String) r[2]);
    Path reward = tmp.resolve("reward");
    r = run(tiny("train-reward", "--prepared", prepared.toString(), "--reward-size", "tiny", "--out",
        reward.toString()));
    assertEquals(0, r[0], (String) r[2]);
    Path model = tmp.resolve("goalrank");
    r = run(tiny("train", "--prepared", prepared.toString(), "--reward", reward.toString(), "--size", "tiny",
        "--out", model.toString()));
    assertEquals(0, r[0], (String) r[2]);
    Path shards = tmp.resolve("shards");
    PreparedShards.write(PreparedDataset.read(prepared), null, shards, 13); // several shards

    for (String split : new String[] {"test", "valid"}) {
      Path fromFile = tmp.resolve("file-" + split);
      r = run("evaluate", "--prepared", prepared.toString(), "--reward", reward.toString(), "--model",
          model.toString(), "--split", split, "--quiet", "--out", fromFile.toString());
      assertEquals(0, r[0], (String) r[2]);
      Path fromShards = tmp.resolve("shards-" + split);
      r = run("evaluate", "--shards", shards.toString(), "--reward", reward.toString(), "--model",
          model.toString(), "--split", split, "--quiet", "--out", fromShards.toString());
      assertEquals(0, r[0], (String) r[2]);
      String expected = Files.readString(fromFile.resolve("results.csv"));
      assertTrue(expected.contains("\"dnn\"") || expected.contains("dnn,"), "the auxiliary DNN is a row: " + expected);
      assertTrue(expected.contains("goalrank"), expected);
      assertEquals(expected, Files.readString(fromShards.resolve("results.csv")), split);
    }

    r = run("evaluate", "--prepared", prepared.toString(), "--shards", shards.toString(), "--reward",
        reward.toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("give one"), (String) r[2]);
    r = run("evaluate", "--shards", tmp.resolve("nowhere").toString(), "--reward", reward.toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("nowhere"), (String) r[2]);
  }

  @Test
  void aMissingDnnOrRowsWithoutTable1AreRefusedNotIgnored(@TempDir Path tmp) {
    // a --dnn that is not there used to drop the DNN row silently; --rows without --table1 did nothing
    Object[] r = run("evaluate", "--shards", tmp.toString(), "--reward", tmp.toString(), "--dnn",
        tmp.resolve("no-dnn").toString(), "--quiet");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--dnn") && ((String) r[2]).contains("no-dnn"), (String) r[2]);
    r = run("evaluate", "--shards", tmp.toString(), "--reward", tmp.toString(), "--rows", "goalrank", "--quiet");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--rows"), (String) r[2]);
  }
}
