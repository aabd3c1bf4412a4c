package io.goalrank.retrieval;

/**
 * BPR-MF steps on Java arrays that read and update only the rows a batch touches ({@link MfRetriever.Update#LAZY}).
 *
 * <p>Why: the dense DJL step ({@link MfRetriever.Update#DENSE}) materialises full-table gradients and runs Adam
 * over every row of both embedding tables on every step, so a step costs O((users + items) · dim) however small
 * the batch; at 10^7 interactions (120,000 rows) that was about 0.57 s a step, 2,300 steps an epoch
 * (docs/BENCHMARKS.md, issue 19). Here a step costs O(batch · dim).
 *
 * <p>The arithmetic is the BPR loss of {@link MatrixFactorization#bprLoss} (mean softplus(−x) over the batch,
 * x = p_u · (q_i − q_j) + b_i − b_j) and Adam as {@code NetworkTrainer} runs it (β1 0.9, β2 0.98, ε 1e-6, L2 weight
 * decay added to the gradient, bias correction by the global step), but <b>lazy</b>, as PyTorch's
 * {@code SparseAdam}: a row's moments and weight change only on steps whose batch touches it, so untouched rows
 * are neither decayed nor moved by their momentum. It is therefore a different optimiser from the dense one, not
 * the same one made faster; its results differ.
 */
final class LazyAdamMf implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.98f;
  private static final float EPSILON = 1e-6f;

  private final int dim;
  private final float learningRate;
  private final float weightDecay;
  private final Rows users;
  private final Rows items;
  private final Rows bias;
  /** A second thread for the item side of a step, or null to run both sides on the caller's thread. */
  private final java.util.concurrent.ExecutorService helper;
  private float[] g = new float[0];
  private int updates;

  /**
   * Starts from the given weights (row-major {@code [rows, dim]}; {@code itemBias} {@code [items]}), kept.
   *
   * @param threads 1, or 2 to run the user and item sides of each step in parallel; the result is the same
   */
  LazyAdamMf(float[] userWeights, float[] itemWeights, float[] itemBias, int dim, float learningRate,
      float weightDecay, int threads) {
    this.dim = dim;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    users = new Rows(userWeights, dim);
    items = new Rows(itemWeights, dim);
    bias = new Rows(itemBias, 1);
    helper = threads > 1 ? java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lazy-mf");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /**
   * One step on the triples {@code (u[k], pos[k], neg[k])}, k < count; returns the batch's mean BPR loss.
   *
   * <p>Three phases, each split in two fixed halves (so one thread or two compute the same floats in the same
   * order): the derivatives of the batch's triples (halves of the batch); the gradients (users | items and bias:
   * each table is summed by one side in batch order); the Adam updates (users | items and bias). The phases are
   * apart because each side reads the other side's table, which the next phase writes.
   */
  float step(int[] u, int[] pos, int[] neg, int count) {
    if (g.length < count) {
      g = new float[count];
    }
    int half = count / 2;
    double[] loss = new double[2];
    both(() -> loss[0] = derivatives(u, pos, neg, 0, half, count),
        () -> loss[1] = derivatives(u, pos, neg, half, count, count));
    both(() -> userGradients(u, pos, neg, count), () -> itemGradients(u, pos, neg, count));
    updates++;
    double t = updates;
    float corrected = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
    both(() -> users.update(corrected, weightDecay), () -> {
      items.update(corrected, weightDecay);
      bias.update(corrected, weightDecay);
    });
    return (float) ((loss[0] + loss[1]) / count);
  }

  /** g[k] = d(mean loss)/dx_k for k in [from, to); returns the sum of their softplus(−x) losses. */
  private double derivatives(int[] u, int[] pos, int[] neg, int from, int to, int count) {
    float[] pu = users.weights;
    float[] q = items.weights;
    float[] b = bias.weights;
    double loss = 0;
    for (int k = from; k < to; k++) {
      int uo = u[k] * dim;
      int po = pos[k] * dim;
      int no = neg[k] * dim;
      // four partial sums: a single chain waits on every add's latency
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int d = 0;
      for (; d + 3 < dim; d += 4) {
        s0 += pu[uo + d] * (q[po + d] - q[no + d]);
        s1 += pu[uo + d + 1] * (q[po + d + 1] - q[no + d + 1]);
        s2 += pu[uo + d + 2] * (q[po + d + 2] - q[no + d + 2]);
        s3 += pu[uo + d + 3] * (q[po + d + 3] - q[no + d + 3]);
      }
      for (; d < dim; d++) {
        s0 += pu[uo + d] * (q[po + d] - q[no + d]);
      }
      float x = b[pos[k]] - b[neg[k]] + ((s0 + s1) + (s2 + s3));
      // softplus(−x) and its derivative −sigmoid(−x), stable for large |x|
      loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      g[k] = (float) (-1.0 / (1.0 + Math.exp(x))) / count;
    }
    return loss;
  }

  private void userGradients(int[] u, int[] pos, int[] neg, int count) {
    float[] q = items.weights;
    float[] gu = users.grads;
    for (int k = 0; k < count; k++) {
      users.touch(u[k]);
      int uo = u[k] * dim;
      int po = pos[k] * dim;
      int no = neg[k] * dim;
      float gk = g[k];
      for (int d = 0; d < dim; d++) {
        gu[uo + d] += gk * (q[po + d] - q[no + d]);
      }
    }
  }

  private void itemGradients(int[] u, int[] pos, int[] neg, int count) {
    float[] pu = users.weights;
    float[] gq = items.grads;
    for (int k = 0; k < count; k++) {
      items.touch(pos[k]);
      items.touch(neg[k]);
      bias.touch(pos[k]);
      bias.touch(neg[k]);
      int uo = u[k] * dim;
      int po = pos[k] * dim;
      int no = neg[k] * dim;
      float gk = g[k];
      for (int d = 0; d < dim; d++) {
        float p = pu[uo + d];
        gq[po + d] += gk * p;
        gq[no + d] -= gk * p;
      }
      bias.grads[pos[k]] += gk;
      bias.grads[neg[k]] -= gk;
    }
  }

  /** Runs {@code first} on the caller's thread and {@code second} on the helper (or after it), then waits. */
  private void both(Runnable first, Runnable second) {
    if (helper == null) {
      first.run();
      second.run();
      return;
    }
    java.util.concurrent.Future<?> other = helper.submit(second);
    try {
      first.run();
    } catch (RuntimeException | Error e) {
      // the helper still writes the other side's arrays: let it finish before the caller goes on (or closes us)
      try {
        other.get();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException ee) {
        e.addSuppressed(ee.getCause());
      }
      throw e;
    }
    try {
      other.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in a retriever step", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("retriever step failed", e.getCause());
    }
  }

  @Override
  public void close() {
    if (helper != null) {
      helper.shutdownNow();
    }
  }

  float[] userWeights() {
    return users.weights;
  }

  float[] itemWeights() {
    return items.weights;
  }

  float[] itemBias() {
    return bias.weights;
  }

  /** One table with its Adam moments, its gradient and the rows touched since the last update. */
  private static final class Rows {
    final float[] weights;
    final float[] grads;
    final float[] means;
    final float[] variances;
    final int width;
    /** touched[r]: whether row r is in {@code list} (its gradient is nonzero or being summed). */
    final boolean[] touched;
    int[] list = new int[1024];
    int size;

    Rows(float[] weights, int width) {
      this.weights = weights;
      this.width = width;
      grads = new float[weights.length];
      means = new float[weights.length];
      variances = new float[weights.length];
      touched = new boolean[weights.length / width];
    }

    void touch(int row) {
      if (!touched[row]) {
        touched[row] = true;
        if (size == list.length) {
          list = java.util.Arrays.copyOf(list, size * 2);
        }
        list[size++] = row;
      }
    }

    /** Adam on the touched rows only; their gradients are cleared and the list emptied. */
    void update(float stepSize, float weightDecay) {
      for (int j = 0; j < size; j++) {
        int row = list[j];
        touched[row] = false;
        for (int o = row * width, end = o + width; o < end; o++) {
          float g = grads[o] + weightDecay * weights[o];
          float m = BETA1 * means[o] + (1 - BETA1) * g;
          float v = BETA2 * variances[o] + (1 - BETA2) * g * g;
          means[o] = m;
          variances[o] = v;
          weights[o] -= stepSize * m / ((float) Math.sqrt(v) + EPSILON);
          grads[o] = 0f;
        }
      }
      size = 0;
    }
  }
}
