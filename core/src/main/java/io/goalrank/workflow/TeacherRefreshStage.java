package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.Checkpoint;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.reward.SwappableReward;
import io.goalrank.sim.Simulator;
import io.goalrank.train.GoalRankTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * GoalRank trained against a teacher that is refreshed on-policy ({@link OnPolicyRefresh}, {@link TeacherRefresher}):
 * what an industrial system does when the reward model is retrained on the feedback to the lists the deployed
 * generator showed. Simulated data only: the simulator's users click on the generator's lists; a real log has no
 * user to ask.
 */
public final class TeacherRefreshStage {
  /** Where the final refreshed teacher is saved, under the generator's directory. */
  public static final String TEACHER_DIR = "refreshed-teacher";
  /** The per-refresh log, under the generator's directory. */
  public static final String LOG = "teacher-refresh.md";

  private TeacherRefreshStage() {}

  /**
   * The generator, the final refreshed teacher (the initial reward model itself when no refresh happened; the
   * caller closes it either way, apart from the initial model it owns) and the refreshes' summaries.
   */
  public record Refreshed(GoalRankTrainer.Fitted generator, RewardModel teacher, List<String> refreshes) {}

  /**
   * Refuses, naming the flag, what the refresh cannot do: real data (no user model to ask), a reward model not
   * trained on impressions, and propensity weighting (the generator's lists have no logging propensity).
   */
  public static void check(PreparedDataset data, TrainingSettings s) {
    checkSettings(s);
    if (s.teacher().refresh().enabled() && SimulatedData.simulatorOf(data) == null) {
      throw new IllegalArgumentException("--teacher-refresh needs the simulator's users to click on the generator's "
          + "lists; these prepared data are a real log, with no user model to ask (leave --teacher-refresh out)");
    }
  }

  /** The part of {@link #check} that needs no data, so a command can refuse before it simulates anything. */
  public static void checkSettings(TrainingSettings s) {
    if (!s.teacher().refresh().enabled()) {
      return;
    }
    if (!RewardKinds.get(s.rewardKind()).fromImpressions()) {
      throw new IllegalArgumentException("--teacher-refresh retrains a reward model on impressions; --reward-kind "
          + RewardKinds.get(s.rewardKind()).name() + " learns from the candidate labels (use clicks, list, ensemble "
          + "or mixture)");
    }
    if (s.teacher().refresh().everyEpochs() >= s.generatorEpochs()) {
      // refreshes happen after every K-th epoch but the last: K >= the epochs run would quietly refresh nothing
      throw new IllegalArgumentException("--teacher-refresh " + s.teacher().refresh().everyEpochs()
          + " refreshes after every K-th generator epoch but the last; with " + s.generatorEpochs()
          + " epochs it would never refresh: give K below the epochs");
    }
    if (s.teacher().propensity().enabled()) {
      throw new IllegalArgumentException("--teacher-refresh appends the generator's lists, which have no logging "
          + "propensity: leave --propensity out");
    }
  }

  /**
   * Trains GoalRank against {@code reward}, refreshed on-policy as {@code s} says; the epoch is picked as
   * {@link GeneratorStage#trainGoalRank} picks it, rebased at each refresh. The final teacher is saved in
   * {@code dir}/{@value #TEACHER_DIR} and the refreshes' lines in {@code dir}/{@value #LOG} (when {@code dir} is set).
   *
   * @param log receives one line per refresh as it happens
   */
  public static Refreshed trainGoalRank(PreparedDataset data, RewardModel reward, ScoreCache dnnScores,
      TrainingSettings s, Path dir, Consumer<String> log) throws IOException {
    check(data, s);
    if (!s.teacher().refresh().enabled()) {
      throw new IllegalArgumentException("no --teacher-refresh set");
    }
    Simulator sim = SimulatedData.simulatorOf(data);
    SwappableReward teacher = new SwappableReward(reward.cachedOn(data));
    TeacherRefresher[] refresher = new TeacherRefresher[1];
    GoalRankTrainer.Fitted fitted;
    try {
      fitted = GeneratorStage.trainGoalRank(data, teacher, reward.isTrainedOnLabels(),
          dnnScores == null ? Map.of() : Map.of("dnn", dnnScores), s, dir,
          generator -> refresher[0] = new TeacherRefresher(data, sim, s, reward, teacher, dnnScores, generator, log));
    } catch (IOException | RuntimeException e) {
      if (refresher[0] != null) {
        refresher[0].closeUnclaimed();
        if (refresher[0].teacher() != null) {
          refresher[0].teacher().close();
        }
      }
      throw e;
    }
    RewardModel last = refresher[0] == null || refresher[0].teacher() == null ? reward : refresher[0].teacher();
    List<String> lines = refresher[0] == null ? List.of()
        : refresher[0].refreshes().stream().map(TeacherRefresher.Refresh::summary).toList();
    if (dir != null) {
      if (last != reward) {
        save(last, data, s, dir.resolve(TEACHER_DIR));
      }
      io.goalrank.eval.AtomicFiles.writeString(dir.resolve(LOG), "# On-policy teacher refresh\n\n"
          + s.teacher().refresh().describe() + "\n\n"
          + (lines.isEmpty() ? "No refresh happened.\n" : "- " + String.join("\n- ", lines) + "\n"));
    }
    return new Refreshed(fitted, last, lines);
  }

  /** Saves the refreshed teacher as its kind saves (a composite's members first, then its {@code model.json}). */
  private static void save(RewardModel teacher, PreparedDataset data, TrainingSettings s, Path dir)
      throws IOException {
    Map<String, String> provenance = new java.util.LinkedHashMap<>(Workflow.provenance(data));
    provenance.put("teacherRefresh", s.teacher().refresh().describe());
    provenance.put("seed", Long.toString(s.seed()));
    if (teacher.members().isEmpty()) {
      saveNetwork(teacher, data, provenance, dir);
      return;
    }
    List<String> dirs = teacher.memberDirs();
    for (int k = 0; k < dirs.size(); k++) {
      saveNetwork(teacher.members().get(k), data, provenance, dir.resolve(dirs.get(k)));
    }
    teacher.saveComposite(dir, provenance);
  }

  private static void saveNetwork(RewardModel model, PreparedDataset data, Map<String, String> provenance, Path dir)
      throws IOException {
    var block = model.network().block();
    var clicks = (io.goalrank.model.ImpressionClickModel) block;
    Map<String, String> recorded = new java.util.LinkedHashMap<>(provenance);
    recorded.putAll(clicks.architecture());
    new Checkpoint(clicks.checkpointKind(), clicks.config(), recorded).withData(data).save(dir, block);
  }
}
