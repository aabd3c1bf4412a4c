package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.train.GoalRankTrainer;
import io.goalrank.train.ShardedTrainingRequests;
import io.goalrank.workflow.RunFolder;
import io.goalrank.workflow.ShardedTraining;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a GoalRank generator against a frozen reward model. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the GoalRank generator by group-relative optimisation (trains the auxiliary DNN first "
        + "if --dnn is not given).")
public final class TrainCommand implements Callable<Integer> {
  private static final String AUX_DNN = "aux-dnn";

  @Mixin CommonOptions common;
  @Mixin TrainingOptions training;
  @Mixin ComputeOptions compute;
  @Mixin RefreshOptions refresh;
  @Mixin ShardOptions sharded;

  @Option(names = "--prepared", description = "Prepared dataset file (or --shards).")
  Path prepared;

  @Option(names = "--reward", required = true, description = "Reward model directory (from train-reward).")
  Path rewardDir;

  @Option(names = "--dnn", description = "Auxiliary DNN scorer directory; trained into OUT/aux-dnn when absent.")
  Path dnnDir;

  @Option(names = "--out", required = true, description = "Directory for the generator (with items.txt, so rank/serve "
      + "can serve it); a rerun resumes it only with the settings that made it (OUT/run.json), and refuses otherwise.")
  Path out;

  @Option(names = "--objectives", description = "Train an objective-conditioned generator (relevance, diversity, "
      + "novelty; rank/serve then take objective weights). Each training request raises at most one of diversity "
      + "and novelty, to a weight drawn in [0, --max-other-weight].")
  boolean objectives;

  @Option(names = "--max-other-weight",
      description = "With --objectives: upper bound of the sampled diversity/novelty weights (default: 2).")
  Float maxOtherWeightOption;

  @Option(names = "--weight-draws",
      description = "With --objectives: weight vectors each training request is used with per step; above 1 they "
          + "cycle through relevance alone and each other objective raised (default: 1).")
  Integer weightDrawsOption;

  /** --max-other-weight, or its default; read only with --objectives. */
  private float maxOtherWeight() {
    return maxOtherWeightOption != null ? maxOtherWeightOption : 2f;
  }

  /** --weight-draws, or its default; read only with --objectives. */
  private int weightDraws() {
    return weightDrawsOption != null ? weightDrawsOption : 1;
  }

  @Override
  public Integer call() throws Exception {
    compute.apply();
    sharded.checkOneOf(prepared);
    if (!objectives && (maxOtherWeightOption != null || weightDrawsOption != null)) {
      throw new IllegalArgumentException((maxOtherWeightOption != null ? "--max-other-weight" : "--weight-draws")
          + " is read only with --objectives (an objective-conditioned generator); without it, it would be ignored");
    }
    TrainingSettings s = refresh.apply(training.settings(common.seed));
    if (sharded.shards != null) {
      if (s.teacher().refresh().enabled()) {
        throw new IllegalArgumentException("--teacher-refresh needs simulated data (a user model to show lists "
            + "to); it is not trained from shards");
      }
      return trainFromShards(s);
    }
    checkRefreshedKind(s); // before the data: the loaded model names the kind to give
    PreparedDataset data = PreparedDataset.read(prepared);
    io.goalrank.workflow.TeacherRefreshStage.check(data, s); // real data has no users to show lists to
    checkRefreshedImpressions(s);
    if (objectives && s.teacher().refresh().enabled()) {
      throw new IllegalArgumentException("--teacher-refresh refreshes the teacher of an unconditioned generator; "
          + "leave it out with --objectives");
    }
    if (objectives) {
      if (!(maxOtherWeight() > 0) || !Float.isFinite(maxOtherWeight())) {
        throw new IllegalArgumentException("--max-other-weight must be positive, got " + maxOtherWeight());
      }
      if (weightDraws() < 1) {
        throw new IllegalArgumentException("--weight-draws must be at least 1, got " + weightDraws());
      }
    }
    // before anything is written: a folder made with other settings is refused, one made with these is resumed
    RunFolder.claim(out, "train", artefacts(s));
    for (String line : io.goalrank.workflow.DataSummary.lines(data, s.readsRetrieverScores(data))) {
      System.out.println(line);
    }
    try (RewardModel reward = RewardModel.load(rewardDir);
        NetworkTrainer<ScoringNetwork> dnn = dnnOrTrain(data, s)) {
      if (objectives) {
        var draws = new io.goalrank.objective.WeightDraws(maxOtherWeight(), weightDraws());
        long start = System.nanoTime();
        var fitted = Workflow.trainConditioned(data, reward, Workflow.cache(data, dnn), s, draws, out);
        System.out.printf("Objective-conditioned generator (%,d parameters) saved to %s: best epoch %d, %s, "
                + "%.0f s total%n", fitted.parameters(), out, fitted.result().bestEpoch(),
            fitted.result().lastSummary(), (System.nanoTime() - start) / 1e9);
        fitted.network().close();
      } else if (s.teacher().refresh().enabled()) {
        var refreshed = trainRefreshing(data, reward, Workflow.cache(data, dnn), s, out);
        refreshed.generator().network().close();
        if (refreshed.teacher() != reward) {
          refreshed.teacher().close();
        }
      } else {
        train(data, reward, Workflow.cache(data, dnn), s, out).network().close();
      }
    }
    return 0;
  }

  /**
   * The generator (and, without --dnn, the auxiliary DNN) trained on a sharded request set streamed from disk: the
   * same stages with the frozen networks scoring each batch instead of per-request caches.
   */
  private int trainFromShards(TrainingSettings s) throws Exception {
    if (objectives) {
      throw new IllegalArgumentException("--objectives is not trained from shards yet (its validation holds the "
          + "validation requests in memory); use --prepared");
    }
    ShardedTrainingRequests requests = sharded.open(); // a set without training requests: refused before writing
    RunFolder.claim(out, "train", artefacts(s));
    for (String line : io.goalrank.workflow.DataSummary.lines(requests.dataset(),
        s.readsRetrieverScores(requests.dataset()))) {
      System.out.println(line);
    }
    long start = System.nanoTime();
    try (RewardModel reward = RewardModel.load(rewardDir);
        NetworkTrainer<ScoringNetwork> dnn = dnnDir != null ? Models.loadScorer(dnnDir)
            : ShardedTraining.trainScorer(requests, "dnn", s.dnnSize(), s.dnnEpochs(), s, s.seed() + 2,
                out.resolve(AUX_DNN))) {
      GoalRankTrainer.Fitted fitted = ShardedTraining.trainGoalRank(requests, reward, dnn, s, out);
      System.out.printf("GoalRank generator (%,d parameters, group %s) saved to %s: best epoch %d, %s, "
              + "%.1f s/epoch, %.0f s total; streamed from %d shards, at most %,d records held%n",
          fitted.parameters(), s.group(), out, fitted.result().bestEpoch(), fitted.result().lastSummary(),
          fitted.result().secondsPerEpoch(), (System.nanoTime() - start) / 1e9, requests.shards(),
          requests.peakRecordsHeld());
      fitted.network().close();
    }
    return 0;
  }

  /**
   * What train writes into OUT and every setting that changes each (recorded in OUT/run.json): the prepared data,
   * the reward model and a given DNN by their content, so a rerun after either changed is refused too.
   */
  private List<RunFolder.Artefact> artefacts(TrainingSettings s) throws java.io.IOException {
    String data = sharded.shards != null ? ShardedTraining.contentId(sharded.shards) : RunFolder.contentId(prepared);
    String source = sharded.shards != null ? "--shards" : "--prepared";
    Checkpoint.read(rewardDir); // says so when --reward is not a model directory
    Map<String, String> generator = new LinkedHashMap<>();
    generator.put(source, data);
    if (sharded.shards != null) {
      generator.put("--shuffle-window", Integer.toString(sharded.window()));
    }
    generator.put("--reward", RunFolder.modelContentId(rewardDir)); // a composite's: its members
    if (dnnDir != null) {
      Checkpoint.read(dnnDir);
      generator.put("--dnn", RunFolder.contentId(dnnDir.resolve(Checkpoint.WEIGHTS)));
    } else {
      generator.put("--dnn", "trained into " + AUX_DNN);
    }
    generator.putAll(RunFolder.generatorSettings(s));
    generator.put("--objectives", Boolean.toString(objectives));
    if (objectives) {
      generator.put("--max-other-weight", Float.toString(maxOtherWeight()));
      generator.put("--weight-draws", Integer.toString(weightDraws()));
    }
    List<RunFolder.Artefact> out = new ArrayList<>();
    if (dnnDir == null) {
      Map<String, String> dnn = new LinkedHashMap<>();
      dnn.put(source, data);
      if (sharded.shards != null) {
        dnn.put("--shuffle-window", Integer.toString(sharded.window()));
      }
      dnn.putAll(RunFolder.dnnSettings(s));
      out.add(new RunFolder.Artefact(AUX_DNN, List.of(AUX_DNN), dnn));
    }
    out.add(new RunFolder.Artefact("generator",
        List.of(Checkpoint.META, Checkpoint.WEIGHTS, Checkpoint.ITEMS, "checkpoints"), generator));
    return out;
  }

  /**
   * With --teacher-refresh, the --reward model must be of the --reward-kind given: the refresh re-simulates the
   * impressions and retrains the loaded networks as that kind says (a pointwise model would fail at the first
   * refresh, after K epochs, and a click model under the default pointwise kind would be refused as one).
   */
  private void checkRefreshedKind(TrainingSettings s) throws java.io.IOException {
    if (!s.teacher().refresh().enabled()) {
      return;
    }
    String found = Checkpoint.read(rewardDir).kind();
    String expected = switch (s.rewardKind()) {
      case POINTWISE -> "reward";
      case CLICKS -> "click-reward";
      case LIST -> "list-reward";
      case PAIRWISE -> "pairwise-reward";
      case ENSEMBLE -> "ensemble-reward";
      case MIXTURE -> "mixture-reward";
    };
    if (!found.equals(expected)) {
      throw new IllegalArgumentException("--teacher-refresh retrains the --reward model as --reward-kind "
          + s.rewardKind().name().toLowerCase() + " says (" + expected + "), but " + rewardDir + " holds a "
          + found + ": give the --reward-kind (and --impressions-per-request, --logging-policies) it was trained "
          + "with");
    }
  }

  /**
   * With --teacher-refresh, the impressions the refresh re-simulates must be those the --reward model learnt from:
   * the same --impressions-per-request, --logging-policies and --seed as its train-reward run (its provenance
   * records them); otherwise the refreshed teacher would train on other impressions than the one given.
   */
  private void checkRefreshedImpressions(TrainingSettings s) throws java.io.IOException {
    if (!s.teacher().refresh().enabled()) {
      return;
    }
    Map<String, String> made = Checkpoint.read(rewardDir).provenance();
    List<String> differ = new ArrayList<>();
    String perRequest = made.get("impressionsPerRequest");
    if (perRequest != null && !perRequest.equals(Integer.toString(s.impressionsPerRequest()))) {
      differ.add("--impressions-per-request " + perRequest + " (not " + s.impressionsPerRequest() + ")");
    }
    String logging = made.get("loggingPolicies");
    String given = s.teacher().logging().isDefault() ? null : s.teacher().logging().toString();
    if (!java.util.Objects.equals(logging, given)) {
      differ.add("--logging-policies " + (logging == null ? "left out" : logging) + " (not "
          + (given == null ? "left out" : given) + ")");
    }
    String seed = made.get("seed");
    if (seed != null && !seed.equals(Long.toString(s.seed() + 1))) {
      String was = "of reward seed " + seed;
      try {
        was = Long.toString(Long.parseLong(seed) - 1); // train-reward trains r-hat with --seed + 1
      } catch (NumberFormatException e) {
        // said as recorded
      }
      differ.add("--seed " + was + " (not " + s.seed() + ")");
    }
    if (!differ.isEmpty()) {
      throw new IllegalArgumentException("--teacher-refresh re-simulates the impressions the --reward model learnt "
          + "from, but " + rewardDir + " was trained with " + String.join(", ", differ) + ": give those");
    }
  }

  private NetworkTrainer<ScoringNetwork> dnnOrTrain(PreparedDataset data, TrainingSettings s) throws Exception {
    if (dnnDir != null) {
      return Models.loadScorer(dnnDir);
    }
    return Workflow.trainScorer(data, "dnn", s.dnnSize(), s.dnnEpochs(), s, s.seed() + 2, out.resolve(AUX_DNN));
  }

  /** GoalRank with the on-policy teacher refresh ({@code --teacher-refresh}), printing each refresh as it happens. */
  static io.goalrank.workflow.TeacherRefreshStage.Refreshed trainRefreshing(PreparedDataset data, RewardModel reward,
      ScoreCache dnn, TrainingSettings s, Path out) throws Exception {
    long start = System.nanoTime();
    var refreshed = io.goalrank.workflow.TeacherRefreshStage.trainGoalRank(data, reward, dnn, s, out,
        line -> System.out.println("      " + line));
    GoalRankTrainer.Fitted fitted = refreshed.generator();
    System.out.printf("GoalRank generator (%,d parameters, group %s, teacher refreshed %d times) saved to %s: best "
            + "epoch %d, %s, %.1f s/epoch, %.0f s total%n",
        fitted.parameters(), s.group(), refreshed.refreshes().size(), out, fitted.result().bestEpoch(),
        fitted.result().lastSummary(), fitted.result().secondsPerEpoch(), (System.nanoTime() - start) / 1e9);
    return refreshed;
  }

  static GoalRankTrainer.Fitted train(PreparedDataset data, io.goalrank.core.ListUtility reward, ScoreCache dnn, TrainingSettings s,
      Path out) throws Exception {
    long start = System.nanoTime();
    GoalRankTrainer.Fitted fitted = Workflow.trainGoalRank(data, reward, dnn, s, out); // items.txt included
    System.out.printf("GoalRank generator (%,d parameters, group %s) saved to %s: best epoch %d, %s, "
            + "%.1f s/epoch, %.0f s total%n",
        fitted.parameters(), s.group(), out, fitted.result().bestEpoch(), fitted.result().lastSummary(),
        fitted.result().secondsPerEpoch(), (System.nanoTime() - start) / 1e9);
    return fitted;
  }
}
