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
final class LazyAdamMf {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.98f;
  private static final float EPSILON = 1e-6f;

  private final int dim;
  private final float learningRate;
  private final float weightDecay;
  private final Rows users;
  private final Rows items;
  private final Rows bias;
  private int updates;

  /** Starts from the given weights (row-major {@code [rows, dim]}; {@code itemBias} {@code [items]}), kept. */
  LazyAdamMf(float[] userWeights, float[] itemWeights, float[] itemBias, int dim, float learningRate,
      float weightDecay) {
    this.dim = dim;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    users = new Rows(userWeights, dim);
    items = new Rows(itemWeights, dim);
    bias = new Rows(itemBias, 1);
  }

  /** One step on the triples {@code (u[k], pos[k], neg[k])}, k < count; returns the batch's mean BPR loss. */
  float step(int[] u, int[] pos, int[] neg, int count) {
    double loss = 0;
    float[] pu = users.weights;
    float[] q = items.weights;
    float[] b = bias.weights;
    for (int k = 0; k < count; k++) {
      int uo = u[k] * dim;
      int po = pos[k] * dim;
      int no = neg[k] * dim;
      float x = b[pos[k]] - b[neg[k]];
      for (int d = 0; d < dim; d++) {
        x += pu[uo + d] * (q[po + d] - q[no + d]);
      }
      // softplus(−x) and its derivative −sigmoid(−x), stable for large |x|
      loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      float g = (float) (-1.0 / (1.0 + Math.exp(x))) / count;
      users.touch(u[k]);
      items.touch(pos[k]);
      items.touch(neg[k]);
      bias.touch(pos[k]);
      bias.touch(neg[k]);
      float[] gu = users.grads;
      float[] gq = items.grads;
      for (int d = 0; d < dim; d++) {
        float p = pu[uo + d];
        gu[uo + d] += g * (q[po + d] - q[no + d]);
        gq[po + d] += g * p;
        gq[no + d] -= g * p;
      }
      bias.grads[pos[k]] += g;
      bias.grads[neg[k]] -= g;
    }
    updates++;
    double t = updates;
    float corrected = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
    users.update(corrected, weightDecay);
    items.update(corrected, weightDecay);
    bias.update(corrected, weightDecay);
    return (float) (loss / count);
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
