package io.goalrank.workflow;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.ClickCalibration;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The teacher's list-level check on held-out shown lists ({@link ClickCalibration}), wherever the data has them:
 * on real logs, the test requests' logged lists (every slate of a test user with {@code prepare --requests
 * slates}: the 6 shown items with their per-position feedback); on the simulator, fresh impressions of the test
 * requests. Printed after reward training ({@code train-reward}, {@code demo}, each seed of an experiment) and
 * written into their reports.
 */
public final class TeacherChecks {
  /** Seed offset of the simulator's held-out impressions: a stream no training impression shares. */
  static final long HELD_OUT_SEED = 43;
  /** The check's report, written beside a trained reward model. */
  public static final String REPORT = "teacher-diagnostic.md";

  private TeacherChecks() {}

  /**
   * r̂'s per-position click probabilities against the observed clicks of held-out shown lists, or empty when the
   * data has none (a real log whose test lists cannot be replayed on their candidates).
   */
  public static Optional<ClickCalibration> heldOutClicks(PreparedDataset data, RewardModel reward,
      TrainingSettings s) {
    Simulator sim = Workflow.simulatorOf(data);
    int[] test = data.indices(Split.TEST);
    if (test.length == 0) {
      return Optional.empty();
    }
    Impressions shown;
    String label;
    if (sim != null) {
      shown = ImpressionSimulator.heldOut(sim, data, Workflow.listLength(data), s.impressionsPerRequest(),
          s.seed() + HELD_OUT_SEED);
      label = "held-out simulated impressions (test requests, the logging policy's lists)";
    } else {
      try {
        shown = Impressions.fromLoggedLists(data);
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // a logged item outside its candidates: the list cannot be scored
      }
      label = "slates".equalsIgnoreCase(data.info().getOrDefault("protocol.requests", "last"))
          ? "held-out slates (test requests)" : "held-out logged lists (test requests)";
    }
    return Optional.of(ClickCalibration.measure(label, reward::clickProbabilities, data, shown, test, 256));
  }

  /**
   * Writes the check into {@code modelDir}/{@value #REPORT} (atomically) and returns its lines; experiments' reports
   * collect them per seed ({@link #read}).
   */
  public static List<String> write(java.nio.file.Path modelDir, ClickCalibration c) throws java.io.IOException {
    List<String> lines = markdown(c);
    io.goalrank.eval.AtomicFiles.writeString(modelDir.resolve(REPORT), String.join("\n", lines) + "\n");
    return lines;
  }

  /** The first line (the summary) of the report beside {@code modelDir}'s model, or empty when there is none. */
  public static Optional<String> read(java.nio.file.Path modelDir) throws java.io.IOException {
    java.nio.file.Path f = modelDir.resolve(REPORT);
    if (!java.nio.file.Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return java.nio.file.Files.readAllLines(f).stream().findFirst();
  }

  /** The check's summary line and reliability table, as Markdown lines for a report. */
  public static List<String> markdown(ClickCalibration c) {
    List<String> out = new ArrayList<>();
    out.add("Reward model " + c.summary() + ".");
    out.add("");
    out.add("Reliability of r̂'s click probabilities:");
    out.add("");
    out.addAll(c.reliabilityTable().lines().toList());
    return out;
  }
}
