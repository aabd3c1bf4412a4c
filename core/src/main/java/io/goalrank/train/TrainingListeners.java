package io.goalrank.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners every {@link TrainingLoop} run has, in the order it calls them. */
public final class TrainingListeners {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private TrainingListeners() {}

  /**
   * Checkpoints and resuming: the best model so far in {@code DIR/best}; after every epoch e the weights and the
   * optimiser state in {@code DIR/last-e}, then {@code DIR/state.json} (moved into place atomically) naming that
   * folder and holding the early-stopping counters, then the older {@code last-*} folders are removed. At the start,
   * stale temporaries and {@code last-*} folders of a killed save are removed and a run whose {@code state.json}
   * names a whole resume point continues after that epoch with its weights, optimiser state and counters.
   */
  public static final class Checkpoints implements TrainingListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE = "state.json";
    private static final String LAST_PREFIX = "last-";
    /** The single resume folder of builds before optimiser state was saved. */
    private static final String LEGACY_LAST = "last";

    private final Path dir;
    private final TrainingLoop.Hooks hooks;

    public Checkpoints(Path dir, TrainingLoop.Hooks hooks) {
      this.dir = dir;
      this.hooks = hooks;
    }

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
      // a save killed mid-way leaves its temporary files; the checkpoints themselves are whole (moved into place)
      io.goalrank.util.StaleTemporaries.remove(dir, true);
      String resumeFrom = resumePoint(dir);
      removeOtherResumePoints(dir, resumeFrom);
      if (resumeFrom == null) {
        return;
      }
      var saved = JSON.readTree(dir.resolve(STATE).toFile());
      state.restore(saved.get("epoch").asInt(), saved.get("best").asDouble(), saved.get("bestEpoch").asInt(),
          saved.get("bad").asInt());
      hooks.load(dir.resolve(resumeFrom));
      if (!hooks.loadResumeState(dir.resolve(resumeFrom))) {
        LOG.warn("{}: {} has no optimiser state (saved by an older build): Adam restarts its moments, so this "
            + "run will not match an uninterrupted one", state.name(), dir.resolve(resumeFrom));
      }
      LOG.info("resuming {} after epoch {} (best {} at epoch {})", state.name(), state.startEpoch(), state.best(),
          state.bestEpoch() + 1);
    }

    @Override
    public void onEpoch(TrainingState state) throws IOException {
      if (state.improved()) {
        hooks.save(dir.resolve("best"));
      }
      String point = LAST_PREFIX + (state.epoch() + 1);
      Path slot = dir.resolve(point);
      io.goalrank.util.FileTrees.delete(slot); // left by a run killed after writing it but before naming it in state.json
      hooks.save(slot);
      hooks.saveResumeState(slot);
      writeState(state, point);
      removeOtherResumePoints(dir, point);
    }

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

    private void writeState(TrainingState s, String resumeFrom) throws IOException {
      Map<String, Object> saved = new LinkedHashMap<>();
      saved.put("epoch", s.epoch());
      saved.put("best", s.best());
      saved.put("bestEpoch", s.bestEpoch());
      saved.put("bad", s.epochsWithoutImprovement());
      saved.put("resumeFrom", resumeFrom);
      Path tmp = io.goalrank.util.TempFiles.sibling(dir.resolve(STATE));
      JSON.writeValue(tmp.toFile(), saved);
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * Early stopping on the validation score (higher is better): an epoch that beats the best so far is improved;
   * after {@code patience} epochs in a row that are not, training stops.
   */
  public static final class EarlyStopping implements TrainingListener {
    private final int patience;

    public EarlyStopping(int patience) {
      this.patience = patience;
    }

    @Override
    public void onTrainingBegin(TrainingState state) {
      stopIfOutOfPatience(state); // a resumed run may have run out already
    }

    @Override
    public void onValidation(TrainingState state) {
      if (state.validation().score() > state.best()) {
        state.improve(state.validation().score());
      } else {
        state.noImprovement();
      }
      stopIfOutOfPatience(state);
    }

    private void stopIfOutOfPatience(TrainingState state) {
      if (state.epochsWithoutImprovement() >= patience) {
        state.requestStop();
      }
    }
  }

  /** The progress bar (or lines): one tick per step, the epoch's mean loss and the last validation beside it. */
  public static final class ProgressBar implements TrainingListener {
    private Progress progress;

    @Override
    public void onTrainingBegin(TrainingState state) {
      progress = Progress.start(state.name(),
          (long) (state.maxEpochs() - state.startEpoch()) * state.stepsPerEpoch());
    }

    @Override
    public void onStep(TrainingState state, float loss) {
      progress.step();
      progress.extra(String.format("epoch %d loss %.4f %s", state.epoch() + 1, state.meanLoss(), state.summary()));
    }

    @Override
    public void onTrainingEnd(TrainingState state) {
      if (progress != null) {
        progress.close();
      }
    }
  }

  /** One log line per epoch (loss and validation), and a warning for steps whose update was skipped. */
  public static final class EpochLog implements TrainingListener {
    @Override
    public void onEpoch(TrainingState state) {
      if (state.skipped() > 0) {
        LOG.warn("{} epoch {}: {} of {} steps had a non-finite loss or gradient and were skipped", state.name(),
            state.epoch() + 1, state.skipped(), state.steps());
      }
      LOG.info("{} epoch {}: loss {} | {}", state.name(), state.epoch() + 1,
          String.format("%.4f", state.meanLoss()), state.summary());
    }
  }

  /**
   * The per-epoch record of a run, beside its checkpoints: {@code DIR/history.csv} (epoch, mean training loss,
   * skipped steps, the selection score, whether the epoch was the best so far, then the validation's named figures)
   * and {@code DIR/history.png} (those figures against the epoch), rewritten after every epoch. A resumed run keeps
   * the rows of the epochs it resumes after, so the file always describes the run as an uninterrupted one would.
   */
  public static final class History implements TrainingListener {
    static final String CSV = "history.csv";
    static final String PNG = "history.png";
    private static final String FIXED = "epoch,loss,skipped,score,best";

    private final Path dir;
    private final List<String> rows = new ArrayList<>();
    private String header;

    public History(Path dir) {
      this.dir = dir;
    }

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
      Path csv = dir.resolve(CSV);
      if (state.startEpoch() == 0 || !Files.isRegularFile(csv)) {
        return;
      }
      List<String> lines = Files.readAllLines(csv);
      if (lines.isEmpty() || !lines.get(0).startsWith(FIXED)) {
        LOG.warn("{}: {} is not a training history; it will be rewritten", state.name(), csv);
        return;
      }
      header = lines.get(0);
      for (String line : lines.subList(1, lines.size())) {
        // rows after the resume point belong to epochs the resumed run is about to repeat
        if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= state.startEpoch()) {
          rows.add(line);
        }
      }
    }

    @Override
    public void onEpoch(TrainingState state) throws IOException {
      TrainingLoop.Validation v = state.validation();
      String names = String.join(",", v.metrics().keySet());
      String expected = names.isEmpty() ? FIXED : FIXED + "," + names;
      if (header != null && !header.equals(expected)) {
        rows.clear(); // a resumed run whose validation reports other figures: start the record afresh
      }
      header = expected;
      StringBuilder row = new StringBuilder().append(state.epoch() + 1)
          .append(',').append(format(state.meanLoss()))
          .append(',').append(state.skipped())
          .append(',').append(format(v.score()))
          .append(',').append(state.improved() ? 1 : 0);
      for (double value : v.metrics().values()) {
        row.append(',').append(format(value));
      }
      rows.add(row.toString());
      io.goalrank.eval.AtomicFiles.writeString(dir.resolve(CSV), header + "\n" + String.join("\n", rows) + "\n");
      drawChart(state.name());
    }

    private void drawChart(String name) throws IOException {
      String[] columns = header.split(",");
      // the named figures, or the selection score when there are none
      int first = columns.length > 5 ? 5 : 3;
      int end = columns.length > 5 ? columns.length : 4;
      double[] epochs = new double[rows.size()];
      double[][] values = new double[columns.length][rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        String[] cells = rows.get(r).split(",");
        epochs[r] = Double.parseDouble(cells[0]);
        for (int c = first; c < end; c++) {
          values[c][r] = Double.parseDouble(cells[c]);
        }
      }
      Map<String, double[][]> series = new LinkedHashMap<>();
      for (int c = first; c < end; c++) {
        series.put(columns[c], new double[][] {epochs, values[c]});
      }
      try {
        io.goalrank.eval.Charts.lineChart(dir.resolve(PNG), name + ": validation per epoch", "epoch", "value",
            series, false);
      } catch (RuntimeException e) { // e.g. a NaN figure XChart cannot place: the CSV still holds the record
        LOG.warn("{}: could not draw {}: {}", name, dir.resolve(PNG), e.toString());
      }
    }

    private static String format(double value) {
      return String.format(java.util.Locale.ROOT, "%.6f", value);
    }
  }
}
