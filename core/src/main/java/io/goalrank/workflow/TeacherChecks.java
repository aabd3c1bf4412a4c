package io.goalrank.workflow;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.ClickCalibration;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.Simulator;
import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import io.goalrank.eval.TeacherDiagnostic;
import io.goalrank.group.GroupBuilder;
import io.goalrank.group.GroupContext;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.sim.SimulatorUtility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The teacher's list-level check on held-out shown lists ({@link ClickCalibration}), wherever the data has them:
 * on real logs, the test requests' logged lists (every slate of a test user with {@code prepare --requests
 * slates}: the 6 shown items with their per-position feedback); on the simulator, fresh impressions of the test
 * requests, and on the simulator also on uniformly random lists with simulated clicks: lists the logging policy
 * seldom shows, like most of those a generator proposes. Printed after reward training ({@code train-reward}, {@code demo}, each seed of an experiment) and
 * written into their reports.
 */
public final class TeacherChecks {
  /** Seed offset of the simulator's held-out impressions: a stream no training impression shares. */
  static final long HELD_OUT_SEED = 43;
  /** Seed offset of the simulator's held-out uniformly random lists. */
  static final long OFF_POLICY_SEED = 47;
  /** The check's report, written beside a trained reward model. */
  public static final String REPORT = "teacher-diagnostic.md";

  private TeacherChecks() {}

  /**
   * Every check the data allows: {@link #heldOutClicks}, and on the simulator {@link #offPolicyClicks}.
   */
  public static List<ClickCalibration> heldOut(PreparedDataset data, RewardModel reward, TrainingSettings s) {
    List<ClickCalibration> out = new ArrayList<>();
    heldOutClicks(data, reward, s).ifPresent(out::add);
    offPolicyClicks(data, reward, s).ifPresent(out::add);
    return out;
  }

  /**
   * On the simulator, the check on uniformly random lists of the test requests with simulated clicks: how r̂ fares
   * off the logging policy, where a generator's lists lie; empty on real data, which has no such lists.
   */
  public static Optional<ClickCalibration> offPolicyClicks(PreparedDataset data, RewardModel reward,
      TrainingSettings s) {
    Simulator sim = Workflow.simulatorOf(data);
    int[] test = data.indices(Split.TEST);
    if (sim == null || test.length == 0) {
      return Optional.empty();
    }
    Impressions shown = ImpressionSimulator.heldOut(sim, data, Workflow.listLength(data), s.impressionsPerRequest(),
        s.seed() + OFF_POLICY_SEED, io.goalrank.sim.LoggingMix.parse("uniform"));
    return Optional.of(ClickCalibration.measure("held-out uniformly random lists (test requests, off the logging "
        + "policy)", reward::clickProbabilities, data, shown, test, 256));
  }

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
      label = data.protocol().requests() == ProtocolConfig.RequestMode.SLATES
          ? "held-out slates (test requests)" : "held-out logged lists (test requests)";
    }
    return Optional.of(ClickCalibration.measure(label, reward::clickProbabilities, data, shown, test, 256));
  }

  /**
   * The reward model judged against the simulator's true utility on the validation requests: over the lists of
   * GoalRank's training groups (built as training builds them, with {@code generator}'s samples) and over 20
   * samples of {@code generator} alone, which lie off the logging policy; for an ensemble or a mixture also each
   * member on the groups. Simulated data only (the truth is the simulator's).
   */
  public static List<TeacherDiagnostic> ordering(PreparedDataset data, RewardModel reward, ScoreCache dnnScores,
      GeneratorPolicy generator, TrainingSettings s) {
    List<TeacherDiagnostic> out = new ArrayList<>(groupOrdering(data, reward, dnnScores, generator, s));
    out.add(sampleOrdering(data, reward, generator, s));
    return out;
  }

  /** {@link #ordering} over the training groups' lists alone (the reward model, then each member). */
  public static List<TeacherDiagnostic> groupOrdering(PreparedDataset data, RewardModel reward, ScoreCache dnnScores,
      GeneratorPolicy generator, TrainingSettings s) {
    ListUtility truth = truth(data);
    var batches = data.batches(data.indices(Split.VALID), 64);
    int l = generator.network().block().config().listLength();
    GroupContext.Builder context = GroupContext.builder(l).optData(data).optSeed(s.seed() + 29)
        .optExtra(io.goalrank.group.TeacherArgmax.class, new io.goalrank.group.TeacherArgmax(reward.greedyPolicy()));
    if (dnnScores != null) {
      context.optScorer("dnn", new ScoringPolicy("dnn", dnnScores, 1f));
    }
    var groups = new GroupBuilder(s.group(), context.build());
    List<TeacherDiagnostic> out = new ArrayList<>();
    // the groups are built once and judged by the reward model and, for an ensemble or a mixture, by each member
    Map<Long, int[][][]> built = new java.util.HashMap<>();
    TeacherDiagnostic.ListSource trainingGroups = (batch, seed) -> built.computeIfAbsent(seed,
        k -> groupLists(groups, generator, batch, seed));
    out.add(TeacherDiagnostic.measure("training groups", reward, truth, batches, trainingGroups, s.seed() + 31));
    List<RewardModel> members = reward.members();
    for (int k = 0; k < members.size(); k++) {
      out.add(TeacherDiagnostic.measure("training groups (member " + k + " alone)", members.get(k), truth, batches,
          trainingGroups, s.seed() + 31));
    }
    return out;
  }

  /** {@link #ordering} over 20 samples of {@code generator} per validation request. */
  public static TeacherDiagnostic sampleOrdering(PreparedDataset data, ListUtility reward, GeneratorPolicy generator,
      TrainingSettings s) {
    int l = generator.network().block().config().listLength();
    return TeacherDiagnostic.measure("generator samples", reward, truth(data),
        data.batches(data.indices(Split.VALID), 64), (batch, seed) -> generator.sample(batch, l, 20, seed).lists(),
        s.seed() + 37);
  }

  /** The simulator's true list utility on {@code data}. */
  private static ListUtility truth(PreparedDataset data) {
    Simulator sim = Workflow.simulatorOf(data);
    if (sim == null) {
      throw new IllegalArgumentException("the teacher's ordering needs the simulator's true utility; real data has none");
    }
    return new SimulatorUtility(sim, data.userIds(), data.itemIds());
  }

  /** The lists of the group training builds for {@code batch}, without the masked copies. */
  private static int[][][] groupLists(GroupBuilder groups, GeneratorPolicy generator, RequestBatch batch, long seed) {
    var group = groups.build(batch, generator, seed);
    int[][][] kept = new int[batch.size()][][];
    for (int b = 0; b < kept.length; b++) {
      List<int[]> valid = new ArrayList<>();
      for (int k = 0; k < group.lists()[b].length; k++) {
        if (group.mask()[b][k] > 0) {
          valid.add(group.lists()[b][k]);
        }
      }
      kept[b] = valid.toArray(new int[0][]);
    }
    return kept;
  }

  /**
   * Writes the check into {@code modelDir}/{@value #REPORT} (atomically) and returns its lines; experiments' reports
   * collect them per seed ({@link #read}).
   */
  public static List<String> write(java.nio.file.Path modelDir, List<ClickCalibration> checks)
      throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    for (ClickCalibration c : checks) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      lines.addAll(markdown(c));
    }
    io.goalrank.eval.AtomicFiles.writeString(modelDir.resolve(REPORT), String.join("\n", lines) + "\n");
    return lines;
  }

  /** The summary lines of the report beside {@code modelDir}'s model, joined, or empty when there is none. */
  public static Optional<String> read(java.nio.file.Path modelDir) throws java.io.IOException {
    java.nio.file.Path f = modelDir.resolve(REPORT);
    if (!java.nio.file.Files.isRegularFile(f)) {
      return Optional.empty();
    }
    List<String> summaries = java.nio.file.Files.readAllLines(f).stream().filter(l -> l.startsWith("Reward model "))
        .toList();
    return summaries.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", summaries));
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
