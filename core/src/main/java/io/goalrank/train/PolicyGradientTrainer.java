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
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.reward.RewardModel;
import java.io.IOException;
import java.util.Map;

/**
 * The EG-Rerank-style baseline (Huzhang et al. 2021: a generator trained against an evaluator by reinforcement
 * learning): the same pointer network as GoalRank's generator, trained by REINFORCE on lists it samples itself.
 * Per request it draws {@code samples} lists at τ = 1, the frozen reward model scores them, and the step minimises
 * {@code −mean_k (r̂(l_k) − mean_K r̂) · log π_θ(l_k)} — the policy gradient with the group mean as baseline.
 *
 * <p>Unlike GoalRank it sees only its own samples (no auxiliary policies) and weighs them by raw advantages, not
 * by a softmax of z-scores.
 */
public final class PolicyGradientTrainer {
  private PolicyGradientTrainer() {}

  public static GoalRankTrainer.Fitted fit(PreparedDataset data, ModelConfig config, RewardModel reward, int samples,
      FitOptions options, Map<String, String> provenance) throws IOException {
    if (samples < 2) {
      throw new IllegalArgumentException("policy gradient with a mean baseline needs >= 2 samples, got " + samples);
    }
    PointerGenerator block = PointerGenerator.forTraining(config, 0, data.catalog());
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(block, options.learningRate(), options.weightDecay(),
        options.clipNorm(), options.seed());
    GeneratorPolicy current = new GeneratorPolicy("eg-rerank", net, 1f);
    RewardModel frozen = reward.cachedOn(data); // a pointwise r̂'s probabilities computed once per request
    Checkpoint checkpoint = new Checkpoint("generator", config, provenance).withData(data)
        .with("trainer", "eg-rerank (REINFORCE against the reward model, mean baseline, " + samples + " samples)")
        .with("parameters", Long.toString(net.parameterCount()))
        .with("seed", Long.toString(options.seed()));
    int l = config.listLength();
    TrainingLoop.Step step = (batch, epoch, seed) -> {
      long[] flat = GeneratorTraining.flatten(current.sample(batch, l, samples, seed).lists());
      int b = batch.size();
      return net.step(m -> {
        NDArray lists = m.create(flat, new Shape(b, samples, l));
        NDArray rewards = frozen.listReward(m, batch, lists); // [B,K], no gradient
        NDArray advantage = rewards.sub(rewards.mean(new int[] {1}, true));
        ContextEncoder.Encoded enc = block.encode(net.parameterStore(),
            BatchTensors.of(m, batch, config.maxHistory()), true);
        NDArray logProb = block.logProb(net.parameterStore(), enc, lists, true);
        return advantage.mul(logProb).mean().neg();
      });
    };
    TrainingLoop.Result result = GeneratorTraining.run("eg-rerank", data, net, checkpoint, options, reward, step);
    return new GoalRankTrainer.Fitted(net, result, net.parameterCount());
  }
}
