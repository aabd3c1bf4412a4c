package io.goalrank.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.util.Progress;
import java.util.Random;

/**
 * The stage-1 retriever: BPR matrix factorisation trained on the users' histories (never on the ground-truth
 * targets), then used to score every item for every user.
 */
public final class MfRetriever implements AutoCloseable {
  private final NetworkTrainer<MatrixFactorization> net;
  private final int numItems;

  /**
   * Training settings. Defaults (dim 128, 20 epochs, lr 2.5e-3) had the best recall@50 of the ground truth on
   * ML-1M among the settings tried (docs/DATA.md): +0.5 to +0.7 points over dim 64 / lr 5e-3 on two seeds.
   */
  public record Options(int dim, int epochs, int batchSize, float learningRate, float weightDecay, long seed) {
    public static Options defaults(long seed) {
      return new Options(128, 20, 4096, 2.5e-3f, 1e-5f, seed);
    }
  }

  private MfRetriever(NetworkTrainer<MatrixFactorization> net, int numItems) {
    this.net = net;
    this.numItems = numItems;
  }

  /**
   * Trains on {@code histories[u]} (item indices consumed by user u before the targets).
   *
   * @return the trained retriever; its final mean BPR loss is in {@link #lastLoss}
   */
  public static MfRetriever train(int[][] histories, int numItems, Options options) {
    int numUsers = histories.length;
    var net = new NetworkTrainer<>(new MatrixFactorization(numUsers, numItems, options.dim()),
        options.learningRate(), options.weightDecay(), 0f, options.seed());
    MfRetriever retriever = new MfRetriever(net, numItems);
    int total = 0;
    for (int[] h : histories) {
      total += h.length;
    }
    int[] pairUser = new int[total];
    int[] pairItem = new int[total];
    int w = 0;
    for (int u = 0; u < numUsers; u++) {
      for (int i : histories[u]) {
        pairUser[w] = u;
        pairItem[w++] = i;
      }
    }
    java.util.Set<Long> seen = new java.util.HashSet<>(total * 2);
    for (int k = 0; k < total; k++) {
      seen.add(((long) pairUser[k] << 32) | pairItem[k]);
    }
    Random rnd = new Random(options.seed());
    int batches = (total + options.batchSize() - 1) / options.batchSize();
    try (Progress progress = Progress.start("retriever (MF)", (long) options.epochs() * batches)) {
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        shuffle(pairUser, pairItem, rnd);
        double sum = 0;
        for (int b = 0; b < batches; b++) {
          int from = b * options.batchSize();
          int to = Math.min(total, from + options.batchSize());
          long[] u = new long[to - from];
          long[] p = new long[to - from];
          long[] n = new long[to - from];
          for (int k = from; k < to; k++) {
            u[k - from] = pairUser[k];
            p[k - from] = pairItem[k];
            int neg;
            do {
              neg = rnd.nextInt(numItems);
            } while (seen.contains(((long) pairUser[k] << 32) | neg));
            n[k - from] = neg;
          }
          sum += net.step(m -> net.block().bprLoss(net.parameterStore(), m.create(u), m.create(p), m.create(n), true));
          progress.step();
        }
        retriever.lastLoss = (float) (sum / batches);
        progress.extra(String.format("epoch %d loss %.4f", epoch + 1, retriever.lastLoss));
      }
    }
    return retriever;
  }

  private float lastLoss = Float.NaN;

  /** Mean BPR loss of the last training epoch. */
  public float lastLoss() {
    return lastLoss;
  }

  /** Scores of {@code users} against every item, row-major {@code [users.length][numItems]}. */
  public float[][] scores(int[] users) {
    float[][] out = new float[users.length][];
    try (NDManager m = net.manager().newSubManager()) {
      long[] u = new long[users.length];
      for (int k = 0; k < users.length; k++) {
        u[k] = users[k];
      }
      float[] flat = net.block().scoreAll(net.parameterStore(), m.create(u, new Shape(users.length))).toFloatArray();
      for (int k = 0; k < users.length; k++) {
        out[k] = java.util.Arrays.copyOfRange(flat, k * numItems, (k + 1) * numItems);
      }
    }
    return out;
  }

  private static void shuffle(int[] a, int[] b, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }

  @Override
  public void close() {
    net.close();
  }
}
