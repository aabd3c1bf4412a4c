package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.model.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code goalrank train-reward --shards} and {@code goalrank train --shards} train from a sharded request set
 * streamed from disk (the reward model, the auxiliary DNN, the generator), the list-aware reward model from the
 * shown lists the records carry, record the set's content in the run
 * folder like a prepared file's, and give models {@code evaluate} and {@code rank} take as they are.
 */
class TrainShardsCliTest {
  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  @Test
  void trainRewardAndTrainFromShards(@TempDir Path tmp) throws Exception {
    Path prepared = tmp.resolve("prepared.bin");
    Object[] r = run("simulate", "--users", "80", "--items", "120", "--mf-epochs", "3", "--quiet", "--out",
        prepared.toString());
    assertEquals(0, r[0], (String) r[2]);
    Path shards = tmp.resolve("shards");
    PreparedShards.write(PreparedDataset.read(prepared), null, shards, 17);

    Path reward = tmp.resolve("reward");
    String[] trainReward = {"train-reward", "--shards", shards.toString(), "--shuffle-window", "32",
        "--reward-size", "tiny", "--reward-epochs", "1", "--patience", "1", "--quiet", "--out", reward.toString()};
    r = run(trainReward);
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("streamed from"), (String) r[1]);
    assertEquals("reward", Checkpoint.read(reward).kind());
    assertTrue(Files.readString(reward.resolve("run.json")).contains("--shards"), "the set is recorded");

    Path model = tmp.resolve("goalrank");
    String[] train = {"train", "--shards", shards.toString(), "--shuffle-window", "32", "--reward",
        reward.toString(), "--size", "tiny", "--epochs", "1", "--reward-epochs", "1", "--patience", "1",
        "--group-size", "4", "--quiet", "--out", model.toString()};
    r = run(train);
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("records held"), (String) r[1]);
    assertTrue(Files.isRegularFile(model.resolve("aux-dnn").resolve(Checkpoint.WEIGHTS)), "the DNN, from shards");
    assertTrue(Files.isRegularFile(model.resolve(Checkpoint.ITEMS)), "servable");

    r = run("evaluate", "--shards", shards.toString(), "--reward", reward.toString(), "--model", model.toString(),
        "--quiet");
    assertEquals(0, r[0], (String) r[2]);
    assertTrue(((String) r[1]).contains("goalrank"), (String) r[1]);

    // another shuffle window is another run: refused, as any changed setting
    String[] otherWindow = train.clone();
    otherWindow[4] = "64";
    r = run(otherWindow);
    assertEquals(2, r[0], (String) r[1]);
    assertTrue(((String) r[2]).contains("--shuffle-window"), (String) r[2]);

    r = run("train-reward", "--prepared", prepared.toString(), "--shards", shards.toString(), "--out",
        tmp.resolve("both").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("give one"), (String) r[2]);
    r = run("train-reward", "--out", tmp.resolve("neither").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--shards DIR"), (String) r[2]);
    r = run("train-reward", "--shards", shards.toString(), "--reward-kind", "mixture", "--out",
        tmp.resolve("mixture").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("not trained from shards yet"), (String) r[2]);
    // these shards were written without impressions: an impression kind says so, naming the set
    r = run("train-reward", "--shards", shards.toString(), "--reward-kind", "list", "--out",
        tmp.resolve("list").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("have no shown lists"), (String) r[2]);
    // with the simulator's shown lists and clicks in the records, the list-aware reward model trains from them
    PreparedDataset data = PreparedDataset.read(prepared);
    Path logged = tmp.resolve("logged");
    PreparedShards.write(data, io.goalrank.sim.ImpressionSimulator.simulate(io.goalrank.workflow.Workflow
        .simulatorOf(data), data, 6, 2, 3, io.goalrank.sim.LoggingMix.DEFAULT, false), logged, 25);
    Path listReward = tmp.resolve("list-reward");
    r = run("train-reward", "--shards", logged.toString(), "--reward-kind", "list", "--reward-size", "tiny",
        "--reward-epochs", "1", "--patience", "1", "--quiet", "--out", listReward.toString());
    assertEquals(0, r[0], (String) r[2]);
    assertEquals("list-reward", Checkpoint.read(listReward).kind());
    assertTrue(((String) r[1]).contains("on the shown lists and feedback the records logged (2 per request)"),
        (String) r[1]);
  }
}
