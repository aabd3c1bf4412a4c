package io.goalrank.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.ClickCalibration;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ImpressionClickModel;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PairwiseClickModel;
import io.goalrank.model.PositionDebiasedScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Trains a reward model on logged impressions with binary cross-entropy on the clicks, every position of every
 * shown list, selecting the epoch with the lowest validation log-loss (the quantity r̂ = expected clicks needs
 * calibrated; AUC is reported too). Two networks: the list-aware {@link ListRewardNetwork} (kind
 * {@code list-reward}, {@link #fit}) and the pointwise {@link PositionDebiasedScorer} (kind {@code click-reward},
 * {@link #fitPointwise}).
 */
public final class ImpressionRewardTraining {
  private ImpressionRewardTraining() {}

  /** The trained network (best validation epoch) and how training went. */
  public record Fitted<B extends ImpressionClickModel>(NetworkTrainer<B> network, TrainingLoop.Result result) {}

  public static Fitted<ListRewardNetwork> fit(PreparedDataset data, Impressions impressions, ModelConfig config,
      ScorerTraining.Options options, Map<String, String> provenance) throws IOException {
    return fit(data, impressions, config, options, provenance, PropensityWeighting.NONE);
  }

  /** The list-aware model with the training positions weighted by {@code weighting} (off-policy correction). */
  public static Fitted<ListRewardNetwork> fit(PreparedDataset data, Impressions impressions, ModelConfig config,
      ScorerTraining.Options options, Map<String, String> provenance, PropensityWeighting weighting)
      throws IOException {
    return fit(data, impressions, new ListRewardNetwork(config), "list-reward", options, provenance, weighting);
  }

  /** The pointwise, position-debiased reward model (kind {@code click-reward}). */
  public static Fitted<PositionDebiasedScorer> fitPointwise(PreparedDataset data, Impressions impressions,
      ModelConfig config, ScorerTraining.Options options, Map<String, String> provenance) throws IOException {
    return fitPointwise(data, impressions, config, options, provenance, PropensityWeighting.NONE);
  }

  /** As above, with the training positions weighted by {@code weighting}. */
  public static Fitted<PositionDebiasedScorer> fitPointwise(PreparedDataset data, Impressions impressions,
      ModelConfig config, ScorerTraining.Options options, Map<String, String> provenance,
      PropensityWeighting weighting) throws IOException {
    return fit(data, impressions, new PositionDebiasedScorer(config), "click-reward", options, provenance,
        weighting);
  }

  /** The click model with per-position examination and pairwise context (kind {@code pairwise-reward}). */
  public static Fitted<PairwiseClickModel> fitPairwise(PreparedDataset data, Impressions impressions,
      ModelConfig config, ScorerTraining.Options options, Map<String, String> provenance,
      PropensityWeighting weighting) throws IOException {
    return fit(data, impressions, PairwiseClickModel.of(config, data.catalog()), "pairwise-reward", options,
        provenance, weighting);
  }

  private static <B extends ImpressionClickModel> Fitted<B> fit(PreparedDataset data, Impressions impressions,
      B block, String kind, ScorerTraining.Options options, Map<String, String> provenance,
      PropensityWeighting weighting) throws IOException {
    int[] train = data.indices(Split.TRAIN);
    int[] valid = impressions.withImpressions(data.indices(Split.VALID));
    if (impressions.withImpressions(train).length != train.length || valid.length == 0) {
      throw new IllegalArgumentException("every training request and some validation requests need impressions");
    }
    // the weights of the training positions (null: unweighted, as before); validation stays on the logged lists
    float[][][] weights = weighting.weights(impressions, train, data.candidates(train[0]).length);
    return fit(TrainingRequests.of(data), batchSize -> TrainingRequests.Batches.of(
        data.batches(valid, batchSize).iterator()), ShownLists.of(impressions), impressions.perRequest(), weights,
        block, kind, options, provenance, weighting);
  }

  /**
   * The list-aware click model ({@code list-reward}) on requests streamed with their shown lists and feedback (a
   * sharded set's records), unweighted: training on the set's epochs (every training request must have shown
   * lists), validation on the validation requests that have some.
   */
  public static Fitted<ListRewardNetwork> fit(ShardedTrainingRequests requests, ModelConfig config,
      ScorerTraining.Options options, Map<String, String> provenance) throws IOException {
    requests.requireImpressions();
    return fit(requests, requests::shownValidation, requests.shownLists(), requests.impressionsPerRequest(), null,
        new ListRewardNetwork(config), "list-reward", options, provenance, PropensityWeighting.NONE);
  }

  /** As above, the pointwise, position-debiased model ({@code click-reward}). */
  public static Fitted<PositionDebiasedScorer> fitPointwise(ShardedTrainingRequests requests, ModelConfig config,
      ScorerTraining.Options options, Map<String, String> provenance) throws IOException {
    requests.requireImpressions();
    return fit(requests, requests::shownValidation, requests.shownLists(), requests.impressionsPerRequest(), null,
        new PositionDebiasedScorer(config), "click-reward", options, provenance, PropensityWeighting.NONE);
  }

  /** The validation requests that have impressions, as batches. */
  @FunctionalInterface
  interface ValidationBatches {
    TrainingRequests.Batches open(int batchSize) throws IOException;
  }

  /** The loop on any source of requests and shown lists; {@code weights} null for unweighted positions. */
  static <B extends ImpressionClickModel> Fitted<B> fit(TrainingRequests requests,
      ValidationBatches validationBatches, ShownLists shown, int perRequest, float[][][] weights, B block,
      String kind, ScorerTraining.Options options, Map<String, String> provenance, PropensityWeighting weighting)
      throws IOException {
    ModelConfig config = block.config();
    NetworkTrainer<B> net =
        new NetworkTrainer<>(block, options.learningRate(), options.weightDecay(), 5f, options.seed());
    Map<String, String> recorded = new java.util.LinkedHashMap<>(provenance);
    recorded.putAll(block.architecture());
    Checkpoint checkpoint = new Checkpoint(kind, config, recorded).withData(requests.dataset())
        .with("parameters", Long.toString(net.parameterCount()))
        .with("impressionsPerRequest", Integer.toString(perRequest))
        .with("seed", Long.toString(options.seed()));
    if (weighting.enabled()) {
      checkpoint = checkpoint.with("propensityWeighting", weighting.toString());
    }
    Path dir = options.directory();
    TrainingLoop.Result result = TrainingLoop.runCheckpointed(requests, kind, options.fit(), net, checkpoint,
        (batch, epoch, seed) -> net.step(m -> weights == null
            ? ScorerTraining.bce(logits(net, m, batch, shown, true), clicks(m, batch, shown))
            : weightedBce(logits(net, m, batch, shown, true), clicks(m, batch, shown),
                perPosition(m, batch, weights))),
        () -> {
          double[] v;
          try (TrainingRequests.Batches batches = validationBatches.open(options.batchSize())) {
            v = validation(net, batches, shown);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return new TrainingLoop.Validation(-v[0], String.format("valid logloss %.4f AUC %.4f", v[0], v[1]),
              TrainingLoop.metrics("logloss", v[0], "AUC", v[1]));
        });
    if (dir != null) {
      checkpoint.with("validLogloss", String.format("%.4f", -result.bestScore()))
          .with("bestEpoch", Integer.toString(result.bestEpoch()))
          .save(dir, block);
    }
    return new Fitted<>(net, result);
  }

  /**
   * Continues training an impression click model for whole epochs over {@code rows} (all their impressions, every
   * row the same number), unweighted BCE, no epoch selection: the on-policy refresh's fixed amount of training. The
   * order of epoch e is {@code rows} shuffled with {@code seed + e}.
   *
   * @return the mean loss of the last epoch's steps that were not skipped
   */
  public static double continueTraining(NetworkTrainer<? extends ImpressionClickModel> net, PreparedDataset data,
      Impressions impressions, int[] rows, int epochs, int batchSize, long seed) {
    if (impressions.withImpressions(rows).length != rows.length) {
      throw new IllegalArgumentException("every request to continue training on needs impressions");
    }
    ShownLists shown = ShownLists.of(impressions);
    double mean = Double.NaN;
    for (int e = 0; e < epochs; e++) {
      int[] order = rows.clone();
      io.goalrank.util.Shuffle.inPlace(order, new java.util.Random(seed + e));
      double sum = 0;
      int steps = 0;
      for (RequestBatch batch : data.batches(order, batchSize)) {
        float loss = net.step(m -> ScorerTraining.bce(logits(net, m, batch, shown, true),
            clicks(m, batch, shown)));
        if (Float.isFinite(loss)) {
          sum += loss;
          steps++;
        }
      }
      mean = steps == 0 ? Double.NaN : sum / steps;
    }
    return mean;
  }

  /** {log-loss, pooled AUC} of the click predictions on the impressions of {@code rows} (each row the same K). */
  public static double[] evaluate(NetworkTrainer<? extends ImpressionClickModel> net, PreparedDataset data,
      int[] rows, Impressions impressions, int batchSize) {
    return validation(net, data.batches(rows, batchSize).iterator(), ShownLists.of(impressions));
  }

  /** {log-loss, pooled AUC} of the click predictions on the shown lists of {@code batches}. */
  static double[] validation(NetworkTrainer<? extends ImpressionClickModel> net,
      java.util.Iterator<RequestBatch> batches, ShownLists shown) {
    float[] predicted = new float[1024];
    float[] observed = new float[1024];
    int at = 0;
    while (batches.hasNext()) {
      RequestBatch batch = batches.next();
      try (NDManager m = net.manager().newSubManager()) {
        float[] p = ai.djl.nn.Activation.sigmoid(logits(net, m, batch, shown, false)).toFloatArray();
        float[] y = clicks(m, batch, shown).toFloatArray();
        if (at + p.length > predicted.length) {
          int size = Math.max(predicted.length * 2, at + p.length);
          predicted = Arrays.copyOf(predicted, size);
          observed = Arrays.copyOf(observed, size);
        }
        System.arraycopy(p, 0, predicted, at, p.length);
        System.arraycopy(y, 0, observed, at, y.length);
        at += p.length;
      }
    }
    double loss = 0;
    for (int i = 0; i < at; i++) {
      double p = Math.min(Math.max(predicted[i], 1e-7), 1 - 1e-7);
      loss -= observed[i] * Math.log(p) + (1 - observed[i]) * Math.log(1 - p);
    }
    return new double[] {loss / at, pooledAuc(predicted, observed, at)};
  }

  /** AUC over the first {@code n} (prediction, click) pairs; ties count half ({@link ClickCalibration#auc}). */
  static double pooledAuc(float[] predicted, float[] observed, int n) {
    return ClickCalibration.auc(Arrays.copyOf(predicted, n), Arrays.copyOf(observed, n));
  }

  private static NDArray logits(NetworkTrainer<? extends ImpressionClickModel> net, NDManager m, RequestBatch batch,
      ShownLists shown, boolean training) {
    ImpressionClickModel block = net.block();
    return block.clickLogits(net.parameterStore(), BatchTensors.of(m, batch, block.config().maxHistory()),
        shown(m, batch, shown), training);
  }

  /** The shown lists of the batch's requests: {@code [B, K, L]} int64 (every request K lists of L). */
  private static NDArray shown(NDManager m, RequestBatch batch, ShownLists shown) {
    int[][][] lists = shown.lists(batch);
    int k = lists[0].length;
    int l = lists[0][0].length;
    long[] flat = new long[batch.size() * k * l];
    for (int b = 0; b < batch.size(); b++) {
      int[][] row = same(lists[b], k, l, batch, b);
      for (int j = 0; j < k; j++) {
        for (int t = 0; t < l; t++) {
          flat[(b * k + j) * l + t] = row[j][t];
        }
      }
    }
    return m.create(flat, new Shape(batch.size(), k, l));
  }

  /** Mean of {@code w ⊙ BCE(logits, labels)}; with every weight 1 it is {@link ScorerTraining#bce}. */
  static NDArray weightedBce(NDArray logits, NDArray labels, NDArray weights) {
    return ai.djl.nn.Activation.relu(logits).sub(logits.mul(labels))
        .add(ai.djl.nn.Activation.softPlus(logits.abs().neg())).mul(weights).mean();
  }

  /** The batch's position weights: {@code [B, K, L]}. */
  private static NDArray perPosition(NDManager m, RequestBatch batch, float[][][] weights) {
    float[][] first = weights[batch.requestIds()[0]];
    int k = first.length;
    int l = first[0].length;
    float[] flat = new float[batch.size() * k * l];
    for (int b = 0; b < batch.size(); b++) {
      float[][] row = weights[batch.requestIds()[b]];
      for (int j = 0; j < k; j++) {
        System.arraycopy(row[j], 0, flat, (b * k + j) * l, l);
      }
    }
    return m.create(flat, new Shape(batch.size(), k, l));
  }

  private static NDArray clicks(NDManager m, RequestBatch batch, ShownLists shown) {
    float[][][] clicks = shown.clicks(batch);
    int k = clicks[0].length;
    int l = clicks[0][0].length;
    float[] flat = new float[batch.size() * k * l];
    for (int b = 0; b < batch.size(); b++) {
      float[][] row = clicks[b];
      for (int j = 0; j < k; j++) {
        System.arraycopy(row[j], 0, flat, (b * k + j) * l, l);
      }
    }
    return m.create(flat, new Shape(batch.size(), k, l));
  }

  /** {@code lists}, checked to hold K lists of L as the batch's first request does (the tensors are K x L). */
  private static int[][] same(int[][] lists, int k, int l, RequestBatch batch, int b) {
    if (lists.length != k || lists[0].length != l) {
      throw new IllegalArgumentException("request " + batch.requestIds()[b] + " has " + lists.length
          + " shown lists of " + (lists.length == 0 ? 0 : lists[0].length) + ", the batch's first " + k + " of " + l
          + ": the impression models need the same number and length of shown lists for every request");
    }
    return lists;
  }
}
