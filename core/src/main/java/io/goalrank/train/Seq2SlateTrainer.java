package io.goalrank.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.goalrank.data.PreparedDataset;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.Scalars;
import io.goalrank.reward.RewardModel;
import java.io.IOException;
import java.util.Map;

/**
 * The Seq2Slate baseline (Bello et al. 2018) as far as this protocol allows: the same pointer network as GoalRank's
 * generator ({@link PointerGenerator}), trained by teacher-forced cross-entropy on each training request's logged
 * list ({@link LoggedLists}: the ground-truth items, labelled positives first). That is Seq2Slate's weak supervision
 * from clicks. It is never trained on the reward model, which only appears in its validation log line; epochs are
 * selected on validation N@L like every generator here.
 */
public final class Seq2SlateTrainer {
  private Seq2SlateTrainer() {}

  public static GoalRankTrainer.Fitted fit(PreparedDataset data, ModelConfig config, RewardModel reward,
      FitOptions options, Map<String, String> provenance) throws IOException {
    return fit(data, config, reward, options, provenance, false);
  }

  /**
   * Seq2Slate on the logged list's positives only: the loss counts the first |P| steps (the positives, in log
   * order) and no step that teaches a label-0 target. The full logged list also holds the targets rated below the
   * threshold; they are candidates only because the protocol forced every target in, so learning to pick them
   * teaches which candidates were forced in, not what the user liked (RESULTS.md, "Agreement with the paper").
   * Requests without a positive add nothing.
   */
  public static GoalRankTrainer.Fitted fitPositivesOnly(PreparedDataset data, ModelConfig config,
      RewardModel reward, FitOptions options, Map<String, String> provenance) throws IOException {
    return fit(data, config, reward, options, provenance, true);
  }

  private static GoalRankTrainer.Fitted fit(PreparedDataset data, ModelConfig config, RewardModel reward,
      FitOptions options, Map<String, String> provenance, boolean positivesOnly) throws IOException {
    PointerGenerator block = PointerGenerator.forTraining(config, 0, data.catalog());
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(block, options.learningRate(), options.weightDecay(),
        options.clipNorm(), options.seed());
    Checkpoint checkpoint = new Checkpoint("generator", config, provenance).withData(data)
        .with("trainer", positivesOnly
            ? "seq2slate-pos (teacher-forced cross-entropy on the logged list's positives only)"
            : "seq2slate (teacher-forced cross-entropy on the logged list, positives first)")
        .with("parameters", Long.toString(net.parameterCount()))
        .with("seed", Long.toString(options.seed()));
    int l = config.listLength();
    TrainingLoop.Step step = (batch, epoch, seed) -> {
      long[] flat = GeneratorTraining.flatten(wrap(LoggedLists.of(data, batch, l)));
      int b = batch.size();
      float[] counted = positivesOnly ? positiveSteps(data, batch, l) : null;
      return net.step(m -> {
        NDArray lists = m.create(flat, new Shape(b, 1, l));
        ContextEncoder.Encoded enc = block.encode(net.parameterStore(),
            BatchTensors.of(m, batch, config.maxHistory()), true);
        if (counted == null) {
          // −log π(logged list) = Σ_t cross-entropy of step t, averaged over requests
          return block.logProb(net.parameterStore(), enc, lists, true).mean().neg();
        }
        NDArray steps = block.stepLogProbs(net.parameterStore(), enc, lists, true); // [B,1,L]
        return Scalars.div(steps.mul(m.create(counted, new Shape(b, 1, l))).sum(), b).neg();
      });
    };
    TrainingLoop.Result result = GeneratorTraining.run(positivesOnly ? "seq2slate-pos" : "seq2slate", data, net,
        checkpoint, options, reward, step);
    return new GoalRankTrainer.Fitted(net, result, net.parameterCount());
  }

  /** 1 for the steps of each request's logged list that are positives (the first |P|, capped at L), else 0. */
  static float[] positiveSteps(PreparedDataset data, io.goalrank.core.RequestBatch batch, int l) {
    float[] out = new float[batch.size() * l];
    for (int b = 0; b < batch.size(); b++) {
      int positives = 0;
      for (byte p : data.targetPositive(batch.requestIds()[b])) {
        positives += p;
      }
      for (int t = 0; t < Math.min(positives, l); t++) {
        out[b * l + t] = 1f;
      }
    }
    return out;
  }

  private static int[][][] wrap(int[][] lists) {
    int[][][] out = new int[lists.length][][];
    for (int b = 0; b < lists.length; b++) {
      out[b] = new int[][] {lists[b]};
    }
    return out;
  }
}
