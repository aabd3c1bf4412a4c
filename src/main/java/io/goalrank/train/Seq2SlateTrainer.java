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
      GeneratorTraining.Options options, Map<String, String> provenance) throws IOException {
    PointerGenerator block = new PointerGenerator(config);
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(block, options.learningRate(), options.weightDecay(),
        options.clipNorm(), options.seed());
    Checkpoint checkpoint = new Checkpoint("generator", config, provenance)
        .with("trainer", "seq2slate (teacher-forced cross-entropy on the logged list, positives first)")
        .with("parameters", Long.toString(net.parameterCount()))
        .with("seed", Long.toString(options.seed()));
    int l = config.listLength();
    TrainingLoop.Step step = (batch, epoch, seed) -> {
      long[] flat = GeneratorTraining.flatten(wrap(LoggedLists.of(data, batch, l)));
      int b = batch.size();
      return net.step(m -> {
        NDArray lists = m.create(flat, new Shape(b, 1, l));
        ContextEncoder.Encoded enc = block.encode(net.parameterStore(),
            BatchTensors.of(m, batch, config.maxHistory()), true);
        // −log π(logged list) = Σ_t cross-entropy of step t, averaged over requests
        return block.logProb(net.parameterStore(), enc, lists, true).mean().neg();
      });
    };
    TrainingLoop.Result result = GeneratorTraining.run("seq2slate", data, net, checkpoint, options, reward, step);
    return new GoalRankTrainer.Fitted(net, result, net.parameterCount());
  }

  private static int[][][] wrap(int[][] lists) {
    int[][][] out = new int[lists.length][][];
    for (int b = 0; b < lists.length; b++) {
      out[b] = new int[][] {lists[b]};
    }
    return out;
  }
}
