package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Epochs over the training requests, each shuffled with seed + e ({@link TrainingRequests#epoch}: a permutation in
 * memory, shuffled shards and a bounded window when streamed), one optimisation step per batch (step seeds from
 * their position), then validation. Everything else is a {@link TrainingListener}: early stopping, checkpoints and
 * resuming ({@link TrainingListeners.Checkpoints}: a run killed at any point resumes from a whole epoch whose
 * weights, optimiser state and early-stopping counters agree, and continues exactly as an uninterrupted run would),
 * the progress bar, the epoch log, and whatever the trainer adds ({@link FitOptions#listeners}, e.g. GoalRank's step
 * profile).
 */
public final class TrainingLoop {
  /** What one trainer plugs in. */
  public interface Hooks {
    /** One optimisation step on a batch; returns the loss. */
    float step(RequestBatch batch, int epoch, long seed);

    /** Validation score, higher is better, with a short description for the log. */
    Validation validate();

    /** Saves the weights (a whole model: {@code DIR/best} and the resume point). */
    void save(Path dir) throws IOException;

    void load(Path dir) throws IOException;

    /** Saves what resuming needs besides the weights (the optimiser's state) into a resume point. */
    default void saveResumeState(Path dir) throws IOException {}

    /** Restores {@link #saveResumeState}; false when {@code dir} has none (a resume point of an older build). */
    default boolean loadResumeState(Path dir) throws IOException {
      return false;
    }
  }

  /**
   * A validation result: the score early stopping uses, a human-readable summary, and the named figures behind it
   * (in order; {@link TrainingListeners.History} writes them per epoch).
   */
  public record Validation(double score, String summary, Map<String, Double> metrics) {
    public Validation {
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A validation without named figures (only its score is recorded in the history). */
    public Validation(double score, String summary) {
      this(score, summary, Map.of());
    }
  }

  /** Named figures in the order given: {@code metrics("AUC", 0.8, "logloss", 0.2)}. */
  public static Map<String, Double> metrics(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("metrics takes name, value pairs");
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      figures.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
    }
    return figures;
  }

  /** How training ended. */
  public record Result(int epochsRun, int bestEpoch, double bestScore, double seconds, double secondsPerEpoch,
      String lastSummary) {}

  /** One optimisation step on a batch; returns the loss. */
  public interface Step {
    float step(RequestBatch batch, int epoch, long seed);
  }

  private TrainingLoop() {}

  /**
   * Trains {@code net} on the TRAIN requests as {@code options} say, with checkpoints of {@code checkpoint}'s kind
   * under {@link FitOptions#checkpoints()} (when a directory is set), then leaves the best epoch's weights in
   * {@code net}.
   *
   * @param name the run's name on the progress bar and in the log
   */
  public static Result runCheckpointed(PreparedDataset data, String name, FitOptions options,
      io.goalrank.model.NetworkTrainer<?> net, io.goalrank.model.Checkpoint checkpoint, Step step,
      java.util.function.Supplier<Validation> validate) throws IOException {
    return runCheckpointed(TrainingRequests.of(data), name, options, net, checkpoint, step, validate);
  }

  /** As above, on the training requests of {@code requests} (in memory, or streamed from shards). */
  public static Result runCheckpointed(TrainingRequests requests, String name, FitOptions options,
      io.goalrank.model.NetworkTrainer<?> net, io.goalrank.model.Checkpoint checkpoint, Step step,
      java.util.function.Supplier<Validation> validate) throws IOException {
    Hooks hooks = new Hooks() {
      @Override
      public float step(RequestBatch batch, int epoch, long seed) {
        return step.step(batch, epoch, seed);
      }

      @Override
      public Validation validate() {
        return validate.get();
      }

      @Override
      public void save(Path dir) throws IOException {
        checkpoint.save(dir, net.block());
      }

      @Override
      public void load(Path dir) throws IOException {
        net.loadWeights(dir);
      }

      @Override
      public void saveResumeState(Path dir) throws IOException {
        net.saveState(dir);
      }

      @Override
      public boolean loadResumeState(Path dir) throws IOException {
        if (!io.goalrank.model.NetworkTrainer.hasState(dir)) {
          return false;
        }
        net.loadState(dir);
        return true;
      }
    };
    Path checkpoints = options.checkpoints();
    Result result = run(requests, name, options, checkpoints, hooks);
    if (checkpoints != null) {
      net.loadWeights(checkpoints.resolve("best"));
    }
    return result;
  }

  /**
   * Runs the epochs with the loop's own listeners (checkpoints under {@code checkpoints} unless null, early stopping
   * with {@code options.patience()}, progress, epoch log) followed by {@code options.listeners()}.
   */
  public static Result run(PreparedDataset data, int[] trainRows, String name, FitOptions options, Path checkpoints,
      Hooks hooks) throws IOException {
    return run(new InMemoryRequests(data, trainRows, true), name, options, checkpoints, hooks);
  }

  /**
   * As above, on the training requests of {@code requests}: epoch e is {@code requests.epoch(batchSize, seed + e)},
   * read one batch at a time.
   */
  public static Result run(TrainingRequests requests, String name, FitOptions options, Path checkpoints,
      Hooks hooks) throws IOException {
    List<TrainingListener> listeners = new ArrayList<>();
    if (checkpoints != null) {
      listeners.add(new TrainingListeners.Checkpoints(checkpoints, hooks));
      listeners.add(new TrainingListeners.History(checkpoints));
    }
    listeners.add(new TrainingListeners.EarlyStopping(options.patience()));
    listeners.add(new TrainingListeners.ProgressBar());
    listeners.add(new TrainingListeners.EpochLog());
    listeners.addAll(options.listeners());
    int stepsPerEpoch = (requests.trainSize() + options.batchSize() - 1) / options.batchSize();
    TrainingState state = new TrainingState(name, options.epochs(), stepsPerEpoch);
    long started = System.nanoTime();
    int epoch;
    int ran = 0;
    try {
      for (TrainingListener l : listeners) {
        l.onTrainingBegin(state);
      }
      for (epoch = state.startEpoch(); epoch < options.epochs() && !state.stopRequested(); epoch++) {
        state.beginEpoch(epoch);
        try (TrainingRequests.Batches batches = requests.epoch(options.batchSize(), options.seed() + epoch)) {
          while (batches.hasNext()) {
            RequestBatch batch = batches.next();
            float loss = hooks.step(batch, epoch, options.seed() * 1_000_003L + epoch * 10_007L + state.steps());
            state.recordStep(loss);
            for (TrainingListener l : listeners) {
              l.onStep(state, loss);
            }
          }
        }
        state.recordValidation(hooks.validate());
        ran++;
        for (TrainingListener l : listeners) {
          l.onValidation(state);
        }
        for (TrainingListener l : listeners) {
          l.onEpoch(state);
        }
      }
    } finally {
      for (TrainingListener l : listeners) {
        l.onTrainingEnd(state);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(epoch, state.bestEpoch() + 1, state.best(), seconds, ran == 0 ? 0 : seconds / ran,
        state.summary());
  }

  /** The resume folder {@code state.json} names in {@code dir}, if both exist; else null (a fresh start). */
  static String resumePoint(Path dir) throws IOException {
    return TrainingListeners.Checkpoints.resumePoint(dir);
  }
}
