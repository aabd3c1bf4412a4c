package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.reward.RewardModel;
import io.goalrank.model.ModelConfig;
import io.goalrank.train.GoalRankTrainer;
import io.goalrank.train.ImpressionRewardTraining;
import io.goalrank.train.ScorerTraining;
import io.goalrank.train.ShardedTrainingRequests;
import io.goalrank.train.TrainingRequests;
import io.goalrank.util.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The training stages on a sharded request set streamed from disk (docs/SHARDS.md): the reward model (on labels,
 * or on the shown lists the records carry), the auxiliary DNN and the GoalRank generator, each reading one batch (plus a shuffle window) at a time. Nothing is
 * cached per request: the frozen DNN and reward model score each batch as it comes, which gives the numbers a
 * cache would hold (the networks score each request on its own), at the price of recomputing them every epoch.
 * Each stage takes any {@link TrainingRequests}, so a set streamed from shards and the same requests in memory in
 * the same order train the same model ({@code ShardedTrainingTest}).
 */
public final class ShardedTraining {
  /** Records mixed at a time by default: a few batches' worth, a few MB on the heap. */
  public static final int DEFAULT_SHUFFLE_WINDOW = 4096;

  private ShardedTraining() {}

  /** The set in {@code dir}, streamed with a shuffle window of {@code shuffleWindow} records. */
  public static ShardedTrainingRequests open(Path dir, int shuffleWindow) throws IOException {
    return ShardedTrainingRequests.of(ShardedRequests.open(dir), shuffleWindow);
  }

  /**
   * The reward model, as {@link RewardStage} trains it from a prepared file: {@code pointwise} (kind
   * {@code reward}, on the candidate labels), or on the shown lists and feedback the records carry, {@code clicks}
   * (pointwise, position-debiased) or {@code list} (list-aware). From a prepared file the impression kinds learn
   * from impressions simulated (or cut from the slates) on the fly; from shards, from what the records logged.
   * The composite kinds and propensity weighting are not streamed yet and are refused.
   */
  public static RewardModel trainReward(TrainingRequests requests, TrainingSettings s, Path dir)
      throws IOException {
    PreparedDataset header = requests.dataset();
    ModelConfig config = ModelShapes.modelConfig(header, s.rewardSize(), s);
    ScorerTraining.Options options = new ScorerTraining.Options("reward", s.rewardEpochs(), s.patience(),
        s.batchSize(), s.rewardLearningRate(), s.weightDecay(), s.seed() + 1, dir);
    TrainingSettings.RewardKind kind = s.rewardKind();
    if (kind == TrainingSettings.RewardKind.POINTWISE) {
      return RewardModel.pointwise(ScorerTraining.fit(requests, config, options, provenance(requests)).network());
    }
    checkReward(requests, s);
    ShardedTrainingRequests sharded = (ShardedTrainingRequests) requests;
    return kind == TrainingSettings.RewardKind.LIST
        ? RewardModel.listAware(ImpressionRewardTraining.fit(sharded, config, options, provenance(requests))
            .network())
        : RewardModel.pointwise(ImpressionRewardTraining.fitPointwise(sharded, config, options,
            provenance(requests)).network());
  }

  /**
   * Refuses, naming the flag or the set, a reward model {@link #trainReward} cannot train from {@code requests}: the
   * composite kinds, propensity weighting or other logging policies, and an impression kind on a set whose training
   * records lack shown lists. Cheap (the set was counted when opened), so a command calls it before it writes.
   */
  public static void checkReward(TrainingRequests requests, TrainingSettings s) {
    TrainingSettings.RewardKind kind = s.rewardKind();
    if (kind == TrainingSettings.RewardKind.POINTWISE) {
      return;
    }
    if (!(requests instanceof ShardedTrainingRequests sharded)
        || (kind != TrainingSettings.RewardKind.CLICKS && kind != TrainingSettings.RewardKind.LIST)) {
      throw new IllegalArgumentException("--reward-kind " + kind.name().toLowerCase() + " is not trained from shards "
          + "yet: pointwise (the default), clicks and list are; pairwise and the composite kinds need a prepared file");
    }
    if (s.teacher().propensity().enabled() || !s.teacher().logging().isDefault()) {
      throw new IllegalArgumentException("--propensity and --logging-policies shape simulated impressions; from "
          + "shards the reward model learns from the shown lists the records logged, unweighted (leave them out)");
    }
    sharded.requireImpressions();
  }

  /** A per-candidate scorer ({@code dnn}, {@code prm}), as {@link ScorerStage#trainScorer}. */
  public static NetworkTrainer<ScoringNetwork> trainScorer(TrainingRequests requests, String kind, String size,
      int epochs, TrainingSettings s, long seed, Path dir) throws IOException {
    return ScorerTraining.fit(requests, ModelShapes.modelConfig(requests.dataset(), size, s),
        new ScorerTraining.Options(kind, epochs, s.patience(), s.batchSize(), s.rewardLearningRate(),
            s.weightDecay(), seed, dir),
        provenance(requests)).network();
  }

  /**
   * GoalRank against the frozen {@code reward}, with the frozen auxiliary {@code dnn} (may be null) scoring each
   * batch for the group: {@link GeneratorStage#trainGoalRank} without the per-request caches.
   */
  public static GoalRankTrainer.Fitted trainGoalRank(TrainingRequests requests, RewardModel reward,
      NetworkTrainer<? extends ScoringNetwork> dnn, TrainingSettings s, Path dir) throws IOException {
    if (s.teacher().refresh().enabled()) {
      // as GeneratorStage refuses it on every path but TeacherRefreshStage's: here it would be silently ignored
      throw new IllegalArgumentException("--teacher-refresh needs simulated data (a user model to show lists to); "
          + "it is not trained from shards");
    }
    if (s.generatorReadsCategories()) {
      throw new IllegalArgumentException("--generator-categories needs a prepared file (the item catalogue); it is "
          + "not trained from shards yet");
    }
    PreparedDataset header = requests.dataset();
    return GoalRankTrainer.fit(requests, ModelShapes.modelConfig(header, s.generatorSize(), s), reward,
        dnn == null ? Map.of() : Map.of("dnn", batch -> ScorerTraining.scores(dnn, batch)),
        GeneratorStage.goalRankOptions(s, reward.isTrainedOnLabels(), dir), provenance(requests));
  }

  /** The data's provenance, as {@link Provenance#of} records it, with the request count from the shards. */
  static Map<String, String> provenance(TrainingRequests requests) {
    Map<String, String> p = Provenance.of(requests.dataset());
    if (requests instanceof ShardedTrainingRequests sharded) {
      p.put("requests", requests.dataset().info().getOrDefault("stats.requests", "?"));
      p.put("shards", Integer.toString(sharded.shards()));
    }
    return p;
  }

  /**
   * What a sharded set holds, for a run folder's record ({@link RunFolder#contentId} of a file): a digest of the
   * header's and every shard's content, in name order. Reads the whole set once.
   */
  public static String contentId(Path dir) throws IOException {
    ShardedRequests set = ShardedRequests.open(dir);
    StringBuilder ids = new StringBuilder(ShardedRequests.HEADER).append('=')
        .append(FileDigests.sha256(dir.resolve(ShardedRequests.HEADER))).append(';');
    for (Path shard : set.shards()) {
      ids.append(shard.getFileName()).append('=').append(FileDigests.sha256(shard)).append(';');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ids.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16) + " (shards)";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
