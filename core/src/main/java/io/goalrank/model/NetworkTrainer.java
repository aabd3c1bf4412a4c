package io.goalrank.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Owns a network's parameters and its optimiser, and runs one gradient step at a time.
 *
 * <p>DJL's {@code Trainer} updates only parameters read through its private parameter store, and our networks
 * have several entry points (encode, decode, teacher-force), so this class drives the optimiser directly: each
 * step runs in its own {@link NDManager} scope (every per-step array is freed with it), the loss is
 * back-propagated through DJL autograd, gradients are clipped by their global norm, then Adam
 * ({@link ResumableAdam}, DJL's update kernel with state we can save) updates every parameter and the gradients
 * are zeroed.
 *
 * <p>Resuming is exact: {@link #saveState}/{@link #loadState} keep Adam's moments and the step count, and every
 * step seeds the engine's generator from (seed, step number) before its forward pass, so dropout draws the same
 * masks in a resumed run as in an uninterrupted one.
 *
 * <p>The network lives on {@link Devices#current()} as it was when the trainer was built: its parameters and every
 * per-step array (created in sub-managers of {@link #manager()}) are on that device.
 */
public final class NetworkTrainer<B extends Block> implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NetworkTrainer.class);
  private final NDManager manager;
  private final B block;
  private ParameterStore parameterStore;
  private final ResumableAdam optimizer;
  private final long seed;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<String> parameterNames = new ArrayList<>();
  private static final ai.djl.ndarray.index.NDIndex ALL = new ai.djl.ndarray.index.NDIndex("...");
  private final float clipNorm;
  /**
   * The 0 that clears the gradients, made once: {@code set(index, 0f)} creates a scalar array in the gradient's own
   * (long-lived) manager on every call, which is never freed; three parameters leaked three per step, and those
   * small blocks pinned malloc's heap so that it grew by megabytes per step (docs/BENCHMARKS.md, issue 19).
   */
  private final NDArray zero;
  private long steps;
  /** Changes whenever the parameters may have changed (a step, a load): derived weights key their caches on it. */
  private long weightsVersion;
  // cumulative wall time per phase, for profiling reports
  private long forwardNanos;
  private long backwardNanos;
  private long updateNanos;

  /**
   * @param learningRate Adam step size (paper: 1e-4)
   * @param weightDecay L2 weight decay (paper: 1e-3)
   * @param clipNorm global gradient-norm clip (paper: 5); 0 disables
   */
  public NetworkTrainer(B block, float learningRate, float weightDecay, float clipNorm, long seed) {
    this.block = block;
    this.clipNorm = clipNorm;
    this.seed = seed;
    manager = NDManager.newBaseManager(Devices.current());
    Engine.getInstance().setRandomSeed((int) seed);
    block.initialize(manager, DataType.FLOAT32, new Shape(1));
    parameterStore = new ParameterStore(manager, false);
    zero = manager.create(0f);
    collectParameters();
    optimizer = new ResumableAdam(learningRate, weightDecay, 0.9f, 0.98f, 1e-6f);
  }

  private void collectParameters() {
    parameters.clear();
    parameterNames.clear();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (!p.getValue().requiresGradient()) {
        continue; // fixed data saved with the weights (e.g. item categories), not trained
      }
      parameters.add(p.getValue());
      parameterNames.add(p.getKey());
      p.getValue().getArray().setRequiresGradient(true);
    }
  }

  /**
   * Saves what a resumed run needs besides the weights: Adam's moments, its step count and this trainer's step
   * count ({@code dir/optimizer.bin}).
   */
  public void saveState(java.nio.file.Path dir) throws java.io.IOException {
    optimizer.save(dir, parameterNames, arrays(), steps);
  }

  /** Restores what {@link #saveState} wrote; the weights are loaded separately ({@link #loadWeights}). */
  public void loadState(java.nio.file.Path dir) throws java.io.IOException {
    steps = optimizer.load(dir, parameterNames, arrays(), manager);
    weightsVersion++;
  }

  /**
   * Records that the weights were written in place outside {@link #step} (e.g. by a trainer that updates the
   * tables itself), so caches keyed on {@link #weightsVersion()} are rebuilt.
   */
  public void weightsChangedOutside() {
    weightsVersion++;
  }

  /** Whether {@code dir} holds a saved optimiser state. */
  public static boolean hasState(java.nio.file.Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve(ResumableAdam.FILE));
  }

  private List<NDArray> arrays() {
    List<NDArray> out = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      out.add(p.getArray());
    }
    return out;
  }

  /**
   * Replaces the weights with those saved in a checkpoint directory (for fine-tuning, resuming, inference). A file
   * that is truncated or belongs to another network fails with a message naming it ({@link Checkpoint}); the
   * network is then unusable and should be closed.
   */
  public void loadWeights(java.nio.file.Path dir) throws java.io.IOException {
    Checkpoint.readWeights(dir, block, manager);
    collectParameters();
    weightsVersion++;
    // Parameter.load swaps in new arrays, but a ParameterStore keeps the arrays it handed out first: without a
    // fresh store every forward pass would keep using the weights from before the load.
    parameterStore = new ParameterStore(manager, false);
  }

  public B block() {
    return block;
  }

  public ParameterStore parameterStore() {
    return parameterStore;
  }

  public NDManager manager() {
    return manager;
  }

  public long steps() {
    return steps;
  }

  /** A number that changes whenever the parameters may have changed (every step and every load). */
  public long weightsVersion() {
    return weightsVersion;
  }

  /** Trainable scalars in the network. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.getArray().size();
    }
    return n;
  }

  /**
   * Runs one optimisation step. {@code lossFn} builds the loss from arrays it creates in the given per-step
   * manager. Returns the loss value, or NaN (and skips the update) when the loss or gradients are not finite.
   */
  public float step(Function<NDManager, NDArray> lossFn) {
    float value;
    // dropout's masks come from the engine's generator: seeding it per step makes a resumed run draw what an
    // uninterrupted one would have
    Engine.getInstance().setRandomSeed((int) mixSeed(seed, steps));
    try (NDManager step = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      long t0 = System.nanoTime();
      NDArray loss = lossFn.apply(step);
      long t1 = System.nanoTime();
      collector.backward(loss);
      value = loss.getFloat();
      forwardNanos += t1 - t0;
      backwardNanos += System.nanoTime() - t1;
    }
    long t2 = System.nanoTime();
    boolean finite = Float.isFinite(value);
    // getGradient() returns a fresh handle each call: fetch once per parameter and close the handles after use.
    List<NDArray> grads = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      grads.add(p.getArray().getGradient());
    }
    try {
      float norm = gradientNorm(grads);
      finite &= Float.isFinite(norm);
      if (!finite) {
        LOG.debug("step {} skipped: loss {}, gradient norm {}; non-finite gradients: {}", steps, value, norm,
            firstNonFinite(grads));
      }
      if (finite) {
        float scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6f) : 1f;
        for (int k = 0; k < parameters.size(); k++) {
          Parameter p = parameters.get(k);
          NDArray grad = grads.get(k);
          if (scale != 1f) {
            grad.muli(scale);
          }
          optimizer.update(k, p.getArray(), grad);
        }
        optimizer.endStep();
      }
      for (NDArray grad : grads) {
        // an in-place fill, not grad − grad: after a non-finite step that would be NaN − NaN = NaN, and every
        // later step would inherit the NaN and be skipped too
        grad.set(ALL, zero);
      }
    } finally {
      grads.forEach(NDArray::close);
    }
    steps++;
    weightsVersion++;
    updateNanos += System.nanoTime() - t2;
    return finite ? value : Float.NaN;
  }

  /** Mean milliseconds per step spent in forward, backward and the optimiser update so far. */
  public double[] millisPerStep() {
    double n = Math.max(1, steps) * 1e6;
    return new double[] {forwardNanos / n, backwardNanos / n, updateNanos / n};
  }

  /** The parameters whose gradients hold NaNs or infinities, with how many entries, for logs. */
  private String firstNonFinite(List<NDArray> grads) {
    StringBuilder out = new StringBuilder();
    List<String> names = parameterNames;
    for (int k = 0; k < grads.size(); k++) {
      int bad = 0;
      float[] g = grads.get(k).toFloatArray();
      for (float x : g) {
        if (!Float.isFinite(x)) {
          bad++;
        }
      }
      if (bad > 0) {
        out.append(out.length() == 0 ? "" : ", ").append(k < names.size() ? names.get(k) : "#" + k).append(' ')
            .append(bad).append('/').append(g.length);
      }
    }
    return out.length() == 0 ? "none (the loss, or the sum of squares overflowed)" : out.toString();
  }

  private static long mixSeed(long seed, long step) {
    long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static float gradientNorm(List<NDArray> grads) {
    double sum = 0;
    for (NDArray grad : grads) {
      try (NDArray sq = grad.square(); NDArray total = sq.sum()) {
        sum += total.getFloat();
      }
    }
    return (float) Math.sqrt(sum);
  }

  @Override
  public void close() {
    manager.close();
  }
}
