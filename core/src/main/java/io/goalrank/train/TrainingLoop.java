package io.goalrank.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epochs over the training requests with validation after each epoch, early stopping, and checkpoints: the best
 * model so far in {@code DIR/best}; after every epoch e the weights and the optimiser state in {@code DIR/last-e},
 * then {@code DIR/state.json} (moved into place atomically) naming that folder, then the older {@code last-*}
 * folders are removed. A run killed at any point therefore resumes from a whole epoch whose weights, optimiser
 * state and early-stopping counters agree, and continues exactly as an uninterrupted run would (epoch e shuffles
 * with seed + e, steps get seeds from their position, and the optimiser restores its moments and step count).
 * Stale temporary files and {@code last-*} folders of a save that was killed are removed at start.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param name shown on the progress bar
   * @param maxEpochs upper bound on epochs
   * @param patience stop after this many epochs without a better validation score
   * @param batchSize requests per step
   * @param seed shuffling seed (epoch e uses seed + e, so a resumed run sees the same order)
   * @param directory checkpoint directory, or null for none
   */
  public record Options(String name, int maxEpochs, int patience, int batchSize, long seed, Path directory) {
    public Options {
      if (maxEpochs < 1 || batchSize < 1 || patience < 1) {
        throw new IllegalArgumentException("maxEpochs, batchSize and patience must be positive");
      }
    }
  }

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

  /** A validation result: the score early stopping uses and a human-readable summary. */
  public record Validation(double score, String summary) {}

  /** How training ended. */
  public record Result(int epochsRun, int bestEpoch, double bestScore, double seconds, double secondsPerEpoch,
      String lastSummary) {}

  /** One optimisation step on a batch; returns the loss. */
  public interface Step {
    float step(RequestBatch batch, int epoch, long seed);
  }

  /**
   * Trains {@code net} on the TRAIN requests with checkpoints of {@code checkpoint}'s kind under
   * {@code options.directory()} (when set), then leaves the best epoch's weights in {@code net}.
   */
  public static Result runCheckpointed(PreparedDataset data, Options options,
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
    Result result = run(data, data.indices(io.goalrank.data.Split.TRAIN), options, hooks);
    if (options.directory() != null) {
      net.loadWeights(options.directory().resolve("best"));
    }
    return result;
  }

  public static Result run(PreparedDataset data, int[] trainRows, Options options, Hooks hooks) throws IOException {
    int startEpoch = 0;
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;
    int bad = 0;
    Path dir = options.directory();
    if (dir != null) {
      // a save killed mid-way leaves its temporary files; the checkpoints themselves are whole (moved into place)
      io.goalrank.util.StaleTemporaries.remove(dir, true);
    }
    String resumeFrom = dir == null ? null : resumePoint(dir);
    if (dir != null) {
      removeOtherResumePoints(dir, resumeFrom);
    }
    if (resumeFrom != null) {
      var state = JSON.readTree(dir.resolve(STATE).toFile());
      startEpoch = state.get("epoch").asInt() + 1;
      best = state.get("best").asDouble();
      bestEpoch = state.get("bestEpoch").asInt();
      bad = state.get("bad").asInt();
      hooks.load(dir.resolve(resumeFrom));
      if (!hooks.loadResumeState(dir.resolve(resumeFrom))) {
        LOG.warn("{}: {} has no optimiser state (saved by an older build): Adam restarts its moments, so this "
            + "run will not match an uninterrupted one", options.name(), dir.resolve(resumeFrom));
      }
      LOG.info("resuming {} after epoch {} (best {} at epoch {})", options.name(), startEpoch, best, bestEpoch + 1);
    }
    long started = System.nanoTime();
    int stepsPerEpoch = (trainRows.length + options.batchSize() - 1) / options.batchSize();
    int epoch = startEpoch;
    String summary = "";
    int ran = 0;
    try (Progress progress = Progress.start(options.name(), (long) (options.maxEpochs() - startEpoch) * stepsPerEpoch)) {
      for (; epoch < options.maxEpochs() && bad < options.patience(); epoch++) {
        int[] order = trainRows.clone();
        shuffle(order, new Random(options.seed() + epoch));
        double sum = 0;
        int count = 0;
        int skipped = 0;
        for (RequestBatch batch : data.batches(order, options.batchSize())) {
          float loss = hooks.step(batch, epoch, options.seed() * 1_000_003L + epoch * 10_007L + count);
          if (Float.isFinite(loss)) {
            sum += loss;
          } else {
            skipped++; // NetworkTrainer skipped the update: say so, never average it away silently
          }
          count++;
          progress.step();
          progress.extra(String.format("epoch %d loss %.4f %s", epoch + 1, sum / Math.max(1, count - skipped),
              summary));
        }
        if (skipped > 0) {
          LOG.warn("{} epoch {}: {} of {} steps had a non-finite loss or gradient and were skipped",
              options.name(), epoch + 1, skipped, count);
        }
        Validation v = hooks.validate();
        summary = v.summary();
        ran++;
        if (v.score() > best) {
          best = v.score();
          bestEpoch = epoch;
          bad = 0;
          if (dir != null) {
            hooks.save(dir.resolve("best"));
          }
        } else {
          bad++;
        }
        LOG.info("{} epoch {}: loss {} | {}", options.name(), epoch + 1,
            String.format("%.4f", sum / Math.max(1, count - skipped)), summary);
        if (dir != null) {
          String point = LAST_PREFIX + (epoch + 1);
          Path slot = dir.resolve(point);
          io.goalrank.util.FileTrees.delete(slot); // left by a run killed after writing it but before naming it in state.json
          hooks.save(slot);
          hooks.saveResumeState(slot);
          writeState(dir, epoch, best, bestEpoch, bad, point);
          removeOtherResumePoints(dir, point);
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(epoch, bestEpoch + 1, best, seconds, ran == 0 ? 0 : seconds / ran, summary);
  }

  private static final String STATE = "state.json";
  private static final String LAST_PREFIX = "last-";
  /** The single resume folder of builds before optimiser state was saved. */
  private static final String LEGACY_LAST = "last";

  /** The resume folder {@code state.json} names, if both exist; else null (a fresh start). */
  static String resumePoint(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(STATE))) {
      return null;
    }
    var node = JSON.readTree(dir.resolve(STATE).toFile()).get("resumeFrom");
    String point = node == null ? LEGACY_LAST : node.asText();
    return Files.isDirectory(dir.resolve(point)) ? point : null;
  }

  /** Removes every resume folder but {@code keep} (null: all of them). */
  private static void removeOtherResumePoints(Path dir, String keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        boolean resumeFolder = name.startsWith(LAST_PREFIX) || name.equals(LEGACY_LAST);
        if (resumeFolder && !name.equals(keep) && Files.isDirectory(p)) {
          io.goalrank.util.FileTrees.delete(p);
        }
      }
    }
  }

  private static void writeState(Path dir, int epoch, double best, int bestEpoch, int bad, String resumeFrom)
      throws IOException {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("epoch", epoch);
    state.put("best", best);
    state.put("bestEpoch", bestEpoch);
    state.put("bad", bad);
    state.put("resumeFrom", resumeFrom);
    Path tmp = io.goalrank.util.TempFiles.sibling(dir.resolve(STATE));
    JSON.writeValue(tmp.toFile(), state);
    Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
