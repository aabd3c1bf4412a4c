package io.goalrank.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ListUtility;
import io.goalrank.policy.RequestBatch;
import io.goalrank.model.NetworkTrainer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The frozen reward model r̂: a {@link ScoringNetwork} trained with BCE on logged labels gives each candidate a
 * click probability p in the context of the whole candidate set and the user's history; the reward of a list is
 * {@code r̂(l) = Σ_i p(l_i) / log2(i+1)}.
 *
 * <p>Optional Gaussian noise {@code r̂ + λ·N(0,1)} (seeded by request id and list index) degrades it on purpose
 * for the robustness analysis.
 */
public final class RewardModel implements ListUtility, AutoCloseable {
  private final NetworkTrainer<? extends ScoringNetwork> net;
  private final float[] weights;
  private final float noise;
  private final long noiseSeed;

  public RewardModel(NetworkTrainer<? extends ScoringNetwork> net, float noise, long noiseSeed) {
    this.net = net;
    this.weights = PositionWeights.dcg(net.block().config().listLength());
    this.noise = noise;
    this.noiseSeed = noiseSeed;
  }

  /** Loads a saved reward model (kind {@code reward}). */
  public static RewardModel load(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    @SuppressWarnings("unchecked")
    var net = new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock(cp.kind(), cp.config()), 0f, 0f, 0f, 0);
    net.loadWeights(dir);
    return new RewardModel(net, 0f, 0);
  }

  /** The same network with noise level λ. */
  public RewardModel withNoise(float lambda, long seed) {
    return new RewardModel(net, lambda, seed);
  }

  @Override
  public String name() {
    return "reward";
  }

  public ScoringNetwork network() {
    return net.block();
  }

  /** Click probabilities {@code [B][N]}. */
  public float[][] probabilities(RequestBatch batch) {
    try (NDManager m = net.manager().newSubManager()) {
      NDArray p = probabilities(m, batch);
      return reshape(p.toFloatArray(), batch.size(), batch.numCandidates());
    }
  }

  /** Click probabilities as an array in {@code m}. */
  public NDArray probabilities(NDManager m, RequestBatch batch) {
    BatchTensors t = BatchTensors.of(m, batch, net.block().config().maxHistory());
    return ai.djl.nn.Activation.sigmoid(net.block().logits(net.parameterStore(), t, false));
  }

  /**
   * Batched list reward: gathers {@code p} at the listed slots of every list of every request and takes the
   * position-weighted sum, one tensor op for the whole group.
   *
   * @param p {@code [B, N]} click probabilities
   * @param lists {@code [B, G, L]} int64 slots
   * @return {@code [B, G]}
   */
  public NDArray listReward(NDArray p, NDArray lists) {
    Shape s = lists.getShape();
    NDArray picked = p.gather(lists.reshape(s.get(0), s.get(1) * s.get(2)), 1).reshape(s);
    NDArray w = p.getManager().create(weights).reshape(1, 1, s.get(2));
    return picked.mul(w).sum(new int[] {2});
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    int b = batch.size();
    int g = lists[0].length;
    int l = lists[0][0].length;
    try (NDManager m = net.manager().newSubManager()) {
      NDArray p = probabilities(m, batch);
      long[] flat = new long[b * g * l];
      for (int r = 0; r < b; r++) {
        if (lists[r].length != g) {
          throw new IllegalArgumentException("every request needs the same number of lists");
        }
        for (int k = 0; k < g; k++) {
          for (int t = 0; t < l; t++) {
            flat[(r * g + k) * l + t] = lists[r][k][t];
          }
        }
      }
      float[][] out = reshape(listReward(p, m.create(flat, new Shape(b, g, l))).toFloatArray(), b, g);
      if (noise > 0) {
        for (int r = 0; r < b; r++) {
          java.util.SplittableRandom rnd = new java.util.SplittableRandom(noiseSeed * 31 + batch.requestIds()[r]);
          for (int k = 0; k < g; k++) {
            out[r][k] += noise * (float) gaussian(rnd);
          }
        }
      }
      return out;
    }
  }

  public float noise() {
    return noise;
  }

  private static double gaussian(java.util.SplittableRandom rnd) {
    double u = Math.max(rnd.nextDouble(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  static float[][] reshape(float[] flat, int rows, int cols) {
    float[][] out = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, out[r], 0, cols);
    }
    return out;
  }

  @Override
  public void close() {
    net.close();
  }
}
