package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.reward.RewardModel;
import io.goalrank.train.ImpressionRewardTraining;
import io.goalrank.train.ScorerTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every reward kind {@code --reward-kind} names, with how it trains ({@link Workflow#trainReward}). A new kind of
 * teacher is one trainer here and one constant of {@link TrainingSettings.RewardKind}; it is then selectable from
 * {@code demo}, {@code train-reward}, {@code train} and every experiment, and loads back by its checkpoint kind
 * ({@link RewardModel#load}, {@code model.ModelKinds}).
 */
public final class RewardKinds {
  /** The seed stride between an ensemble's members: member k trains with the reward seed + k·stride. */
  static final long MEMBER_SEED_STRIDE = 100;

  /** Trains a reward model of one kind into {@code dir} (null: not saved). */
  @FunctionalInterface
  public interface Trainer {
    RewardModel train(PreparedDataset data, TrainingSettings s, Path dir) throws IOException;
  }

  /**
   * One kind.
   *
   * @param kind its settings constant
   * @param name its {@code --reward-kind} spelling
   * @param fromImpressions whether it learns from impressions (then {@code --impressions-per-request},
   *     {@code --logging-policies} and {@code --propensity} matter)
   * @param help one line
   * @param trainer how it trains
   */
  public record Kind(TrainingSettings.RewardKind kind, String name, boolean fromImpressions, String help,
      Trainer trainer) {}

  private static final Map<TrainingSettings.RewardKind, Kind> KINDS = new EnumMap<>(TrainingSettings.RewardKind.class);

  static {
    add(TrainingSettings.RewardKind.POINTWISE, false, "pointwise, on the candidate labels (kind reward)",
        RewardKinds::pointwise);
    add(TrainingSettings.RewardKind.CLICKS, true, "pointwise with per-position offsets, on impressions (click-reward)",
        RewardKinds::clicks);
    add(TrainingSettings.RewardKind.LIST, true, "list-aware click model, on impressions (list-reward)",
        RewardKinds::list);
    add(TrainingSettings.RewardKind.PAIRWISE, true, "click model with per-position examination and pairwise "
        + "interactions with the items above, on impressions (pairwise-reward)", RewardKinds::pairwise);
    add(TrainingSettings.RewardKind.ENSEMBLE, true, "--ensemble-size list-aware models with different seeds, "
        + "mean - --ensemble-penalty x std of their rewards (ensemble-reward)", RewardKinds::ensemble);
    add(TrainingSettings.RewardKind.MIXTURE, true, "(1 - w) x clicks + w x list, w = --mixture-weight "
        + "(mixture-reward)", RewardKinds::mixture);
  }

  private RewardKinds() {}

  private static void add(TrainingSettings.RewardKind kind, boolean fromImpressions, String help, Trainer trainer) {
    KINDS.put(kind, new Kind(kind, kind.name().toLowerCase(Locale.ROOT), fromImpressions, help, trainer));
  }

  /** The registered kind of {@code kind}. */
  public static Kind get(TrainingSettings.RewardKind kind) {
    Kind k = KINDS.get(kind);
    if (k == null) {
      throw new IllegalStateException("reward kind " + kind + " has no trainer in RewardKinds");
    }
    return k;
  }

  /** The kind spelt {@code name}; an unknown name fails with every known one. */
  public static TrainingSettings.RewardKind parse(String name) {
    for (Kind k : KINDS.values()) {
      if (k.name().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return k.kind();
      }
    }
    throw new IllegalArgumentException("--reward-kind must be one of " + names() + ", got '" + name + "'");
  }

  /** The kinds' spellings, in registration order. */
  public static List<String> names() {
    return KINDS.values().stream().map(Kind::name).toList();
  }

  /**
   * One line naming the teacher {@code s} trains: its kind and, for a kind trained on impressions, the teacher options
   * that shape it (logging policies, propensity weighting, ensemble or mixture settings). Reports print it above the
   * diagnostics.
   */
  public static String describe(TrainingSettings s) {
    Kind k = get(s.rewardKind());
    StringBuilder sb = new StringBuilder("Teacher: --reward-kind ").append(k.name());
    switch (s.rewardKind()) {
      case ENSEMBLE -> sb.append(" (").append(s.teacher().ensembleSize()).append(" members, ")
          .append(s.teacher().ensemble().describe()).append(')');
      case MIXTURE -> sb.append(" (").append(s.teacher().mixture().describe()).append(')');
      default -> sb.append(" (").append(k.help()).append(')');
    }
    if (k.fromImpressions()) {
      sb.append("; impressions: ").append(s.impressionsPerRequest()).append(" per request on simulated data, from ")
          .append(s.teacher().logging().isDefault() ? "the simulator's logging policy"
              : "the logging policies " + s.teacher().logging())
          .append("; propensity weighting: ").append(s.teacher().propensity());
    }
    return sb.append('.').toString();
  }

  /** The provenance of a reward model trained with {@code s}: the data's, and the teacher options that shaped it. */
  private static Map<String, String> provenance(PreparedDataset data, TrainingSettings s) {
    Map<String, String> p = Workflow.provenance(data);
    if (!s.teacher().logging().isDefault()) {
      p.put("loggingPolicies", s.teacher().logging().toString());
    }
    return p;
  }

  private static ScorerTraining.Options options(TrainingSettings s, long seed, Path dir) {
    return new ScorerTraining.Options("reward", s.rewardEpochs(), s.patience(), s.batchSize(),
        s.rewardLearningRate(), s.weightDecay(), seed, dir);
  }

  private static ModelConfig config(PreparedDataset data, TrainingSettings s) {
    return Workflow.modelConfig(data, s.rewardSize(), s);
  }

  private static RewardModel pointwise(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardModel.pointwise(ScorerTraining.fit(data, config(data, s), options(s, s.seed() + 1, dir),
        Workflow.provenance(data)).network());
  }

  private static RewardModel clicks(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardModel.pointwise(ImpressionRewardTraining.fitPointwise(data, Workflow.impressions(data, s),
        config(data, s), options(s, s.seed() + 1, dir), provenance(data, s), s.teacher().propensity())
        .network());
  }

  private static RewardModel list(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return list(data, s, s.seed() + 1, dir);
  }

  private static RewardModel list(PreparedDataset data, TrainingSettings s, long seed, Path dir) throws IOException {
    return RewardModel.listAware(ImpressionRewardTraining.fit(data, Workflow.impressions(data, s), config(data, s),
        options(s, seed, dir), provenance(data, s), s.teacher().propensity()).network());
  }

  private static RewardModel pairwise(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardModel.listAware(ImpressionRewardTraining.fitPairwise(data, Workflow.impressions(data, s),
        config(data, s), options(s, s.seed() + 1, dir), provenance(data, s), s.teacher().propensity()).network());
  }

  /**
   * K list-aware models on the same impressions, member k with the reward seed + k·{@value #MEMBER_SEED_STRIDE}
   * (member 0 is the {@code list} kind's model); a member already saved (an interrupted run) is loaded.
   */
  private static RewardModel ensemble(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    int size = s.teacher().ensembleSize();
    List<RewardModel> members = new ArrayList<>();
    try {
      for (int k = 0; k < size; k++) {
        Path d = dir == null ? null : dir.resolve("member-" + k);
        long seed = s.seed() + 1 + k * MEMBER_SEED_STRIDE;
        members.add(saved(d) ? RewardModel.load(d) : list(data, s, seed, d));
      }
    } catch (IOException | RuntimeException e) {
      members.forEach(RewardModel::close);
      throw e;
    }
    return saveComposite(RewardModel.composite(s.teacher().ensemble(), members), data, s, dir);
  }

  /** The {@code clicks} and {@code list} kinds' models (same seeds), mixed. */
  private static RewardModel mixture(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    List<RewardModel> members = new ArrayList<>();
    try {
      Path p = dir == null ? null : dir.resolve("pointwise");
      members.add(saved(p) ? RewardModel.load(p) : clicks(data, s, p));
      Path l = dir == null ? null : dir.resolve("list");
      members.add(saved(l) ? RewardModel.load(l) : list(data, s, l));
    } catch (IOException | RuntimeException e) {
      members.forEach(RewardModel::close);
      throw e;
    }
    return saveComposite(RewardModel.composite(s.teacher().mixture(), members), data, s, dir);
  }

  private static RewardModel saveComposite(RewardModel model, PreparedDataset data, TrainingSettings s, Path dir)
      throws IOException {
    if (dir != null) {
      Map<String, String> p = provenance(data, s);
      p.put("propensityWeighting", s.teacher().propensity().toString());
      p.put("impressionsPerRequest", Integer.toString(s.impressionsPerRequest()));
      p.put("seed", Long.toString(s.seed() + 1));
      model.saveComposite(dir, p);
    }
    return model;
  }

  private static boolean saved(Path d) {
    return d != null && Files.isRegularFile(d.resolve(Checkpoint.META));
  }
}
