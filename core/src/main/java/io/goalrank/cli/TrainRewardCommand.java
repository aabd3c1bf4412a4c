package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.Checkpoint;
import io.goalrank.reward.RewardModel;
import io.goalrank.workflow.RunFolder;
import io.goalrank.workflow.ShardedTraining;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the listwise reward model on logged labels. */
@Command(name = "train-reward", mixinStandardHelpOptions = true,
    description = "Train the reward model (per-candidate click probability in list context, BCE on logged labels).")
public final class TrainRewardCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin TrainingOptions training;
  @Mixin ComputeOptions compute;
  @Mixin ShardOptions sharded;

  @Option(names = "--prepared", description = "Prepared dataset file (or --shards).")
  Path prepared;

  @Option(names = "--out", required = true, description = "Directory for the reward model; a rerun resumes it only "
      + "with the settings that made it (OUT/run.json), and refuses otherwise.")
  Path out;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    sharded.checkOneOf(prepared);
    TrainingSettings s = training.settings(common.seed);
    // a set that cannot train this reward model is refused before run.json is written (a rerun would be refused)
    var requests = sharded.shards != null ? sharded.open() : null;
    if (requests != null) {
      ShardedTraining.checkReward(requests, s);
    }
    // before anything is written: a folder made with other settings is refused, one made with these is resumed
    Map<String, String> settings = new LinkedHashMap<>();
    if (sharded.shards != null) {
      settings.put("--shards", ShardedTraining.contentId(sharded.shards));
      settings.put("--shuffle-window", Integer.toString(sharded.window()));
    } else {
      settings.put("--prepared", RunFolder.contentId(prepared));
    }
    settings.putAll(RunFolder.rewardSettings(s));
    RunFolder.claim(out, "train-reward", List.of(new RunFolder.Artefact("reward",
        List.of(Checkpoint.META, Checkpoint.WEIGHTS, "checkpoints"), settings)));
    long start = System.nanoTime();
    if (requests != null) {
      try (RewardModel reward = ShardedTraining.trainReward(requests, s, out)) {
        System.out.printf("Reward model saved to %s (%s) in %.0f s, streamed from %d shards (at most %,d records "
                + "held)%n", out, Checkpoint.read(out).provenance(), (System.nanoTime() - start) / 1e9,
            requests.shards(), requests.peakRecordsHeld());
        System.out.println(s.rewardKind() == TrainingSettings.RewardKind.POINTWISE
            ? io.goalrank.workflow.RewardKinds.describe(s)
            : "Teacher: --reward-kind " + s.rewardKind().name().toLowerCase() + ", on the shown lists and feedback "
                + "the records logged (" + requests.impressionsPerRequest() + " per request).");
      }
      return 0;
    }
    PreparedDataset data = PreparedDataset.read(prepared);
    try (RewardModel reward = Workflow.trainReward(data, s, out)) {
      System.out.printf("Reward model saved to %s (%s) in %.0f s%n", out,
          Checkpoint.read(out).provenance(), (System.nanoTime() - start) / 1e9);
      // the list-level check on held-out shown lists (real slates, or the simulator's), also kept beside the model
      System.out.println(io.goalrank.workflow.RewardKinds.describe(s));
      var checks = io.goalrank.workflow.TeacherChecks.heldOut(data, reward, s);
      if (!checks.isEmpty()) {
        io.goalrank.workflow.TeacherChecks.write(out, checks).forEach(System.out::println);
      }
    }
    return 0;
  }
}
