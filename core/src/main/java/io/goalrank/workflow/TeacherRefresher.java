package io.goalrank.workflow;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.TeacherDiagnostic;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ImpressionClickModel;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.reward.SwappableReward;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.Simulator;
import io.goalrank.train.ImpressionRewardTraining;
import io.goalrank.train.TrainingListener;
import io.goalrank.train.TrainingState;
import io.goalrank.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The on-policy teacher refresh as a training listener ({@link OnPolicyRefresh}): after every K-th generator epoch
 * it samples M lists per training request from the current generator, lets the simulator's users click on them
 * ({@link ImpressionSimulator#feedback}, training requests only: validation and test requests are never shown),
 * appends them to the reward model's impressions and trains the reward model on for the set epochs, then swaps the
 * refreshed r̂ into the {@link SwappableReward} GoalRank trains against and rebases early stopping (the validation
 * reward is now measured by another teacher). Each refresh is logged with the teacher's ordering of the generator's
 * samples before and after it, so one sees whether on-policy feedback fixes what the teacher gets wrong there.
 *
 * <p>The reward networks it trains are copies made at the first refresh (the given reward model stays as it was);
 * {@link #teacher()} is the refreshed model, which the caller closes.
 */
final class TeacherRefresher implements TrainingListener {
  /** Seed offsets of the refresh's streams, apart from every other offset of a run. */
  static final long SAMPLE_SEED = 61;
  static final long CLICK_SEED = 67;
  static final long TRAIN_SEED = 71;

  /** One refresh, for the log and the report. */
  record Refresh(int index, int afterEpoch, long added, long total, double trainLoss, double validLogLoss,
      double validAuc, TeacherDiagnostic samplesBefore, TeacherDiagnostic samplesAfter,
      TeacherDiagnostic groupsAfter) {
    String summary() {
      return String.format(Locale.ROOT, "teacher refresh %d after epoch %d: +%,d on-policy impressions (%,d in all), "
              + "train log-loss %.4f, validation log-loss %.4f AUC %.4f; ordering of the generator's samples by "
              + "pairwise accuracy %.3f -> %.3f, Kendall tau %.3f -> %.3f; of the training groups: accuracy %.3f, "
              + "tau %.3f", index, afterEpoch, added, total, trainLoss, validLogLoss, validAuc,
          samplesBefore.pairwiseAccuracy(), samplesAfter.pairwiseAccuracy(), samplesBefore.kendallTau(),
          samplesAfter.kendallTau(), groupsAfter.pairwiseAccuracy(), groupsAfter.kendallTau());
    }
  }

  private final PreparedDataset data;
  private final Simulator sim;
  private final TrainingSettings s;
  private final OnPolicyRefresh refresh;
  private final RewardModel initial;
  private final SwappableReward teacher;
  private final ScoreCache dnnScores;
  private final GeneratorPolicy generator;
  private final Consumer<String> log;
  private final int[] trainRows;
  private final int[] validRows;
  private final int listLength;
  /** The impressions the refreshed networks learn from: the logged ones of the training requests, then appended. */
  private Impressions impressions;
  /** The validation requests' logged impressions: the refreshed model's click check. */
  private final Impressions validation;
  /** The trainable copies, one per network of {@link #initial} (its members in order), made at the first refresh. */
  private List<NetworkTrainer<ImpressionClickModel>> networks;
  private RewardModel refreshed;
  private final List<Refresh> refreshes = new ArrayList<>();

  TeacherRefresher(PreparedDataset data, Simulator sim, TrainingSettings s, RewardModel initial,
      SwappableReward teacher, ScoreCache dnnScores, GeneratorPolicy generator, Consumer<String> log) {
    this.data = data;
    this.sim = sim;
    this.s = s;
    this.refresh = s.teacher().refresh();
    this.initial = initial;
    this.teacher = teacher;
    this.dnnScores = dnnScores;
    this.generator = generator;
    this.log = log;
    this.trainRows = data.indices(Split.TRAIN);
    this.validRows = data.indices(Split.VALID);
    this.listLength = ModelShapes.listLength(data);
    Impressions logged = RewardStage.impressions(data, s); // the impressions r̂ was trained on (same seed)
    this.impressions = logged.restrictedTo(trainRows);
    this.validation = logged.restrictedTo(validRows);
  }

  /** The refreshed reward model, or null before the first refresh (then the initial one still teaches). */
  RewardModel teacher() {
    return refreshed;
  }

  List<Refresh> refreshes() {
    return List.copyOf(refreshes);
  }

  /** The impressions the refreshed networks learn from, so far. */
  Impressions impressions() {
    return impressions;
  }

  @Override
  public void onTrainingBegin(TrainingState state) {
    if (state.startEpoch() > 0) {
      // the refreshed teacher and its impressions are not checkpointed: a resumed run would train on another teacher
      throw new IllegalStateException("--teacher-refresh cannot resume GoalRank training from epoch "
          + state.startEpoch() + ": the refreshed reward model is not checkpointed; use a fresh --out");
    }
  }

  @Override
  public void onEpoch(TrainingState state) {
    if (state.stopRequested() || !refresh.refreshesAfter(state.epoch(), state.maxEpochs())) {
      return;
    }
    refreshOnce(state.epoch() + 1);
    state.rebase();
  }

  /** One refresh after {@code epochs} generator epochs (1-based). */
  Refresh refreshOnce(int epochs) {
    int index = refreshes.size() + 1;
    TeacherDiagnostic before = TeacherChecks.sampleOrdering(data, teacher, generator, s);
    Impressions shown = ImpressionSimulator.feedback(sim, data, trainRows, sampleLists(index),
        s.seed() + CLICK_SEED + 1_000_003L * index);
    impressions = impressions.appended(shown);
    if (networks == null) {
      networks = trainableCopies();
    }
    double loss = 0;
    double[] valid = new double[2];
    for (int k = 0; k < networks.size(); k++) {
      NetworkTrainer<ImpressionClickModel> net = networks.get(k);
      loss += ImpressionRewardTraining.continueTraining(net, data, impressions, trainRows, refresh.epochs(),
          s.batchSize(), s.seed() + TRAIN_SEED + 1_000_003L * index + k) / networks.size();
      double[] v = ImpressionRewardTraining.evaluate(net, data, validation.withImpressions(validRows), validation,
          256);
      valid[0] += v[0] / networks.size();
      valid[1] += v[1] / networks.size();
    }
    refreshed = assemble();
    teacher.swap(refreshed.cachedOn(data));
    TeacherDiagnostic after = TeacherChecks.sampleOrdering(data, teacher, generator, s);
    TeacherDiagnostic groups = TeacherChecks.groupOrdering(data, refreshed, dnnScores, generator, s).get(0);
    Refresh r = new Refresh(index, epochs, shown.count(), impressions.count(), loss, valid[0], valid[1], before,
        after, groups);
    refreshes.add(r);
    log.accept(r.summary());
    return r;
  }

  /** M samples of the current generator for every training request: {@code [rows][M][L]}, null elsewhere. */
  int[][][] sampleLists(int index) {
    int[][][] lists = new int[data.size()][][];
    long seed = s.seed() + SAMPLE_SEED + 1_000_003L * index;
    for (RequestBatch batch : data.batches(trainRows, 256)) {
      int[][][] sampled = generator.sample(batch, listLength, refresh.impressionsPerRequest(), seed++).lists();
      for (int b = 0; b < batch.size(); b++) {
        lists[batch.requestIds()[b]] = sampled[b];
      }
    }
    return lists;
  }

  /** Trainable copies of the initial model's networks (its own stay as they were), by way of a saved checkpoint. */
  @SuppressWarnings("unchecked")
  private List<NetworkTrainer<ImpressionClickModel>> trainableCopies() {
    List<RewardModel> parts = initial.members().isEmpty() ? List.of(initial) : initial.members();
    List<NetworkTrainer<ImpressionClickModel>> out = new ArrayList<>();
    try {
      Path tmp = Files.createTempDirectory("goalrank-refresh");
      try {
        for (int k = 0; k < parts.size(); k++) {
          NetworkTrainer<?> src = parts.get(k).network();
          ImpressionClickModel block = (ImpressionClickModel) src.block();
          String kind = block.checkpointKind();
          Path dir = tmp.resolve("member-" + k);
          Checkpoint shape = new Checkpoint(kind, block.config(), block.architecture());
          shape.save(dir, block);
          var copy = new NetworkTrainer<>((ImpressionClickModel) shape.newBlock(),
              s.rewardLearningRate(), s.weightDecay(), 5f, s.seed() + TRAIN_SEED + k);
          copy.loadWeights(dir);
          out.add(copy);
        }
      } finally {
        FileTrees.delete(tmp);
      }
    } catch (IOException e) {
      out.forEach(NetworkTrainer::close);
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A reward model of the initial one's form over the trainable networks. */
  @SuppressWarnings("unchecked")
  private RewardModel assemble() {
    List<RewardModel> parts = new ArrayList<>();
    for (NetworkTrainer<ImpressionClickModel> net : networks) {
      parts.add(!(net.block() instanceof io.goalrank.model.ScoringNetwork)
          ? RewardModel.listAware(net)
          : RewardModel.pointwise((NetworkTrainer<io.goalrank.model.ScoringNetwork>) (NetworkTrainer<?>) net));
    }
    return initial.members().isEmpty() ? parts.get(0) : RewardModel.composite(initial.combination(), parts);
  }

  /** Closes the trainable networks when no refreshed model took them over (training failed before). */
  void closeUnclaimed() {
    if (refreshed == null && networks != null) {
      networks.forEach(NetworkTrainer::close);
    }
  }
}
