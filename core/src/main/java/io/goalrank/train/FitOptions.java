package io.goalrank.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimiser and loop settings every trainer shares, validated once here: the one shape between
 * {@code TrainingSettings} (the command line) and {@link TrainingLoop}. Build it with {@link #builder()}; unset
 * fields keep the defaults {@code goalrank train} reports.
 *
 * @param epochs upper bound on epochs
 * @param patience stop after this many epochs without a better validation score ({@link EarlyStopping})
 * @param batchSize requests per step
 * @param learningRate Adam's step size
 * @param weightDecay decoupled weight decay, 0 for none
 * @param clipNorm global gradient-norm clip (the paper clips at 5)
 * @param seed initialisation, shuffling (epoch e uses seed + e) and step seeds
 * @param directory where the best model is saved (with {@code checkpoints/} for resuming), or null to keep nothing
 * @param listeners extra {@link TrainingListener}s, called after the loop's own (progress, early stopping,
 *     checkpoints, logging), in order
 */
public record FitOptions(int epochs, int patience, int batchSize, float learningRate, float weightDecay,
    float clipNorm, long seed, Path directory, List<TrainingListener> listeners) {

  public FitOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1: " + patience);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
    }
    if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and non-negative: " + learningRate);
    }
    if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and non-negative: " + weightDecay);
    }
    if (!(clipNorm >= 0) || Float.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("gradient clip norm must be finite and non-negative: " + clipNorm);
    }
    listeners = List.copyOf(listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.patience = patience;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.clipNorm = clipNorm;
    b.seed = seed;
    b.directory = directory;
    b.listeners.addAll(listeners);
    return b;
  }

  /** These settings with another seed. */
  public FitOptions withSeed(long newSeed) {
    return toBuilder().optSeed(newSeed).build();
  }

  /** Where the loop keeps its best and resume checkpoints: {@code directory/checkpoints}, or null. */
  public Path checkpoints() {
    return directory == null ? null : directory.resolve("checkpoints");
  }

  /** Fluent builder (DJL's {@code opt} prefix: every field has a default). */
  public static final class Builder {
    private int epochs = 10;
    private int patience = 5;
    private int batchSize = 128;
    private float learningRate = 1e-3f;
    private float weightDecay = 0f;
    private float clipNorm = 5f;
    private long seed = 0;
    private Path directory;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    public Builder optPatience(int v) {
      patience = v;
      return this;
    }

    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder optLearningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder optWeightDecay(float v) {
      weightDecay = v;
      return this;
    }

    public Builder optClipNorm(float v) {
      clipNorm = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /** Null (the default) keeps nothing on disk. */
    public Builder optDirectory(Path v) {
      directory = v;
      return this;
    }

    /** Adds listeners called after the loop's own, in order. */
    public Builder addListeners(TrainingListener... v) {
      listeners.addAll(List.of(v));
      return this;
    }

    public FitOptions build() {
      return new FitOptions(epochs, patience, batchSize, learningRate, weightDecay, clipNorm, seed, directory,
          listeners);
    }
  }
}
