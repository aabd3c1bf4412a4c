package io.goalrank.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.ListMetrics;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trains a per-candidate scorer (the reward model, the DNN auxiliary policy, PRM-style baselines) with binary
 * cross-entropy on the logged labels of all N candidates, selecting the epoch with the best validation AUC.
 */
public final class ScorerTraining {
  private ScorerTraining() {}

  /**
   * @param kind checkpoint kind ({@code reward}, {@code dnn}, {@code prm})
   * @param directory where the best model is saved ({@code model.json}, {@code weights.params}) with
   *     {@code checkpoints/} for resuming; null to keep nothing on disk
   */
  public record Options(String kind, int epochs, int patience, int batchSize, float learningRate, float weightDecay,
      long seed, Path directory) {
    /** The loop and optimiser settings, validated; scorers clip gradients at 5. */
    public FitOptions fit() {
      return FitOptions.builder().optEpochs(epochs).optPatience(patience).optBatchSize(batchSize)
          .optLearningRate(learningRate).optWeightDecay(weightDecay).optClipNorm(SCORER_CLIP_NORM).optSeed(seed)
          .optDirectory(directory).build();
    }
  }

  /** The gradient clip of every per-candidate scorer and reward model (the paper's 5). */
  static final float SCORER_CLIP_NORM = 5f;

  /** The trained network (best validation epoch) and how training went. */
  public record Fitted(NetworkTrainer<ScoringNetwork> network, TrainingLoop.Result result) {}

  public static Fitted fit(PreparedDataset data, ModelConfig config, Options options, Map<String, String> provenance)
      throws IOException {
    return fit(TrainingRequests.of(data), config, options, provenance);
  }

  /** As above, on {@code requests} (in memory, or streamed from shards one batch at a time). */
  public static Fitted fit(TrainingRequests requests, ModelConfig config, Options options,
      Map<String, String> provenance) throws IOException {
    PreparedDataset data = requests.dataset();
    ScoringNetwork block = (ScoringNetwork) Checkpoint.newBlock(options.kind(), config);
    NetworkTrainer<ScoringNetwork> net =
        new NetworkTrainer<>(block, options.learningRate(), options.weightDecay(), SCORER_CLIP_NORM, options.seed());
    Checkpoint checkpoint = new Checkpoint(options.kind(), config, provenance).withData(data)
        .with("parameters", Long.toString(net.parameterCount()))
        .with("seed", Long.toString(options.seed()));
    Path dir = options.directory();
    TrainingLoop.Result result = TrainingLoop.runCheckpointed(requests, options.kind(), options.fit(), net, checkpoint,
        (batch, epoch, seed) -> net.step(m -> bce(
            block.logits(net.parameterStore(), BatchTensors.of(m, batch, config.maxHistory()), true),
            m.create(flatLabels(batch), new ai.djl.ndarray.types.Shape(batch.size(), batch.numCandidates())))),
        () -> {
          double[] auc = validationAuc(net, requests, options.batchSize());
          return new TrainingLoop.Validation(auc[0], String.format("valid AUC %.4f logloss %.4f", auc[0], auc[1]),
              TrainingLoop.metrics("AUC", auc[0], "logloss", auc[1]));
        });
    if (dir != null) {
      checkpoint.with("validAuc", String.format("%.4f", result.bestScore()))
          .with("bestEpoch", Integer.toString(result.bestEpoch()))
          .save(dir, block);
    }
    return new Fitted(net, result);
  }

  /** Mean binary cross-entropy with logits, stable for large |x|: max(x,0) − x·y + log(1 + e^−|x|). */
  public static NDArray bce(NDArray logits, NDArray labels) {
    return Activation.relu(logits).sub(logits.mul(labels)).add(Activation.softPlus(logits.abs().neg())).mean();
  }

  static float[] flatLabels(RequestBatch batch) {
    int n = batch.numCandidates();
    float[] out = new float[batch.size() * n];
    for (int b = 0; b < batch.size(); b++) {
      System.arraycopy(batch.labels()[b], 0, out, b * n, n);
    }
    return out;
  }

  /** {mean per-request AUC, mean logloss} over the validation requests. */
  static double[] validationAuc(NetworkTrainer<ScoringNetwork> net, TrainingRequests requests, int batchSize) {
    double aucSum = 0;
    int aucCount = 0;
    double lossSum = 0;
    long lossCount = 0;
    try (TrainingRequests.Batches batches = requests.batches(Split.VALID, batchSize)) {
      while (batches.hasNext()) {
        RequestBatch batch = batches.next();
        float[][] logits = scores(net, batch);
        for (int b = 0; b < batch.size(); b++) {
          double auc = ListMetrics.auc(TopK.select(logits[b], 1), batch.labels()[b], logits[b]);
          if (!Double.isNaN(auc)) {
            aucSum += auc;
            aucCount++;
          }
          for (int c = 0; c < logits[b].length; c++) {
            double p = 1 / (1 + Math.exp(-logits[b][c]));
            double y = batch.labels()[b][c];
            lossSum -= y * Math.log(Math.max(p, 1e-7)) + (1 - y) * Math.log(Math.max(1 - p, 1e-7));
            lossCount++;
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new double[] {aucCount == 0 ? 0 : aucSum / aucCount, lossCount == 0 ? 0 : lossSum / lossCount};
  }

  /** Logits {@code [B][N]} of a scorer in inference mode. */
  public static float[][] scores(NetworkTrainer<? extends ScoringNetwork> net, RequestBatch batch) {
    try (var m = net.manager().newSubManager()) {
      ScoringNetwork block = net.block();
      float[] flat = block.logits(net.parameterStore(), BatchTensors.of(m, batch, block.config().maxHistory()), false)
          .toFloatArray();
      int n = batch.numCandidates();
      float[][] out = new float[batch.size()][n];
      for (int b = 0; b < batch.size(); b++) {
        System.arraycopy(flat, b * n, out[b], 0, n);
      }
      return out;
    }
  }
}
