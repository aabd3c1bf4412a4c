package io.goalrank.train;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.reward.RewardModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the baseline pointer-network trainers ({@link Seq2SlateTrainer}, {@link PolicyGradientTrainer}) share with
 * GoalRank's: epochs over the training requests with checkpoints, model selection on validation N@L of the greedy
 * list, and the saved model (kind {@code generator}, the trainer named in its provenance, with the item ids serving
 * needs).
 */
public final class GeneratorTraining {
  private GeneratorTraining() {}

  /**
   * Runs the loop with {@code step}, leaves the best epoch in {@code net} and saves it to {@code options.directory()}
   * (with its {@code items.txt}) when set; returns how it went.
   */
  static TrainingLoop.Result run(String name, PreparedDataset data, NetworkTrainer<PointerGenerator> net,
      Checkpoint checkpoint, FitOptions options, RewardModel reward, TrainingLoop.Step step) throws IOException {
    int l = net.block().config().listLength();
    GeneratorPolicy greedy = new GeneratorPolicy(name, net, 1f);
    int[] valid = data.indices(Split.VALID);
    Path dir = options.directory();
    TrainingLoop.Result result = TrainingLoop.runCheckpointed(data, name, options, net, checkpoint, step,
        () -> {
          double[] v = GoalRankTrainer.validation(greedy, data, valid, reward, l);
          return new TrainingLoop.Validation(v[1],
              String.format("valid H@%d %.4f N@%d %.4f reward %.4f", l, v[0], l, v[1], v[2]),
              TrainingLoop.metrics("H@" + l, v[0], "N@" + l, v[1], "reward", v[2]));
        });
    if (dir != null) {
      checkpoint.with("validNdcg", String.format("%.4f", result.bestScore()))
          .with("bestEpoch", Integer.toString(result.bestEpoch()))
          .with("secondsPerEpoch", String.format("%.1f", result.secondsPerEpoch()))
          .save(dir, net.block(), data.itemIds().rawIds()); // with items.txt: servable as it stands
    }
    return result;
  }

  /** Row-major {@code [B*K*L]} copy of {@code [B][K][L]} slots, for one {@code create} call. */
  public static long[] flatten(int[][][] lists) {
    int b = lists.length;
    int k = lists[0].length;
    int l = lists[0][0].length;
    long[] flat = new long[b * k * l];
    for (int r = 0; r < b; r++) {
      for (int s = 0; s < k; s++) {
        for (int t = 0; t < l; t++) {
          flat[(r * k + s) * l + t] = lists[r][s][t];
        }
      }
    }
    return flat;
  }
}
