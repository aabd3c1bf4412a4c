package io.goalrank.cli;

import io.goalrank.group.GroupSpec;
import io.goalrank.train.GoalRankTrainer;
import io.goalrank.workflow.TeacherOptions;
import io.goalrank.workflow.TrainingSettings;
import picocli.CommandLine.Option;

/** Training knobs shared by train-reward, train and demo; defaults are {@link TrainingSettings.Builder}'s. */
final class TrainingOptions {
  @Option(names = "--size", description = "Generator size preset: tiny, small (paper, ~1M), medium, large, xlarge.")
  String size;

  @Option(names = "--reward-size", description = "Reward model size preset (default small).")
  String rewardSize;

  @Option(names = "--epochs", description = "Maximum generator epochs.")
  Integer epochs;

  @Option(names = "--reward-epochs", description = "Maximum reward-model / auxiliary-DNN epochs.")
  Integer rewardEpochs;

  @Option(names = "--patience", description = "Early stopping patience in epochs.")
  Integer patience;

  @Option(names = "--batch-size", description = "Requests per step.")
  Integer batchSize;

  @Option(names = "--lr", description = "Generator learning rate.")
  Float learningRate;

  @Option(names = "--weight-decay", description = "L2 weight decay.")
  Float weightDecay;

  @Option(names = "--group", description = "Group construction: source:count,... (default " + GroupSpec.DEFAULT
      + "; demo: " + io.goalrank.workflow.TrainingSettings.DEMO_GROUP + ") or a preset: default, learned (without "
      + "the heuristics), released (generator:20, the authors' recipe with --loss mixed).")
  String group;

  @Option(names = "--group-size", description = "Group size |B| with the default auxiliary mix (overrides --group).")
  Integer groupSize;

  @Option(names = "--loss", description = "reference (Eq. 5, default) or mixed (released code: BCE + 0.01 x Eq. 5).")
  String loss;

  @Option(names = "--reward-kind", description = "pointwise (default: trained on candidate labels), clicks "
      + "(pointwise, position-debiased), list (list-aware) or pairwise (examination x attraction with pairwise "
      + "interactions with the items above), trained on impressions: on simulated data the "
      + "logging policy's shown lists, on real data the logged lists (each request's ground truth in time order "
      + "with its own feedback; every slate with prepare --requests slates); ensemble (--ensemble-size list models "
      + "with different seeds, mean - --ensemble-penalty x std) or mixture ((1 - w) x clicks + w x list, w = "
      + "--mixture-weight).")
  String rewardKind;

  @Option(names = "--ensemble-size", description = "Members of --reward-kind ensemble (default 5).")
  Integer ensembleSize;

  @Option(names = "--ensemble-penalty", description = "lambda of --reward-kind ensemble: r-hat = mean - lambda x std "
      + "of the members' rewards (default 1; 0 is the plain mean).")
  Float ensemblePenalty;

  @Option(names = "--mixture-weight", description = "Weight w of the list-aware model in --reward-kind mixture, "
      + "in [0, 1] (default 0.5).")
  Float mixtureWeight;

  @Option(names = "--impressions-per-request",
      description = "Simulated impressions (shown lists with clicks) per training request for --reward-kind clicks "
          + "or list.")
  Integer impressionsPerRequest;

  @Option(names = "--logging-policies",
      description = "On simulated data, the logging policies that show the impressions a clicks/list reward model "
          + "learns from: ORDER[@TEMPERATURE][:SHARE],... with orders logging (the simulator's own), relevance, "
          + "popularity, uniform; e.g. logging:0.5,logging@3:0.25,uniform:0.25 (default: logging, the simulator's "
          + "policy alone).")
  String loggingPolicies;

  @Option(names = "--propensity",
      description = "Off-policy correction of a clicks/list reward model: none (default), prefix (each position "
          + "weighted by uniform/logging probability of the list down to it) or list (of the whole list); clipped "
          + "and self-normalised. Needs the logging policy's propensities, which simulated impressions have and real "
          + "logs do not.")
  String propensity;

  @Option(names = "--propensity-clip",
      description = "Largest propensity weight, relative to each rank's median weight (default 10).")
  Float propensityClip;

  @Option(names = "--reference-temperature",
      description = "tau in pi_ref = softmax(z / tau) over the group's z-scored rewards; 1 is the paper's Eq. 4, "
          + "smaller values put the reference's mass on the group's best lists.")
  Float referenceTemperature;

  @Option(names = "--retriever-feature", negatable = true,
      description = "Every network reads each candidate's stage-1 retriever score (z-scored per request) as an input, "
          + "as PRM-style re-rankers read the initial ranking. By default on, as a production final stage has the "
          + "earlier stage's score, except with retriever negatives, where the score gives the forced-in targets "
          + "away (asking for it there is refused); --no-retriever-feature gives the paper's rows (candidates as an "
          + "unordered set).")
  Boolean retrieverFeature;

  @Option(names = "--generator-categories", negatable = true, description = "GoalRank's generator reads each "
      + "candidate's item categories (MovieLens genres, the simulator's topics) from the dataset's catalogue as an "
      + "input (default off; demo: on).")
  Boolean generatorCategories;

  @Option(names = "--select-on", description = "Which validation score picks GoalRank's best epoch: auto (default: "
      + "label N@6 with a reward model trained on the labels, the mean list reward r-hat otherwise), ndcg or reward "
      + "(its own objective).")
  String selectOn;

  TrainingSettings settings(long seed) {
    return settings(seed, TrainingSettings.builder().build());
  }

  /** {@code base} with every option given on the command line applied. */
  TrainingSettings settings(long seed, TrainingSettings base) {
    TrainingSettings.Builder b = base.toBuilder().optSeed(seed);
    if (size != null) {
      b.optGeneratorSize(size);
    }
    if (rewardSize != null) {
      b.optRewardSize(rewardSize);
    }
    if (epochs != null) {
      b.optGeneratorEpochs(epochs);
    }
    if (rewardEpochs != null) {
      b.optRewardEpochs(rewardEpochs).optDnnEpochs(rewardEpochs);
    }
    if (patience != null) {
      b.optPatience(patience);
    }
    if (batchSize != null) {
      b.optBatchSize(batchSize);
    }
    if (learningRate != null) {
      b.optLearningRate(learningRate);
    }
    if (weightDecay != null) {
      b.optWeightDecay(weightDecay);
    }
    if (group != null) {
      b.optGroup(GroupSpec.parse(group));
    }
    if (impressionsPerRequest != null) {
      b.optImpressionsPerRequest(impressionsPerRequest);
    }
    if (referenceTemperature != null) {
      b.optReferenceTemperature(referenceTemperature);
    }
    TeacherOptions teacher = base.teacher();
    if (loggingPolicies != null) {
      teacher = teacher.withLogging(io.goalrank.sim.LoggingMix.parse(loggingPolicies));
    }
    if (propensity != null || propensityClip != null) {
      var current = teacher.propensity();
      var weighting = new io.goalrank.train.PropensityWeighting(
          propensity != null ? io.goalrank.train.PropensityWeighting.mode(propensity) : current.mode(),
          propensityClip != null ? propensityClip : current.clip());
      // a clip without a correction changes nothing, so it is recorded as no correction
      teacher = teacher.withPropensity(weighting.enabled() ? weighting : io.goalrank.train.PropensityWeighting.NONE);
    }
    if (ensembleSize != null || ensemblePenalty != null) {
      teacher = teacher.withEnsemble(ensembleSize != null ? ensembleSize : teacher.ensembleSize(),
          ensemblePenalty != null ? ensemblePenalty : teacher.ensemble().penalty());
    }
    if (mixtureWeight != null) {
      teacher = teacher.withMixture(mixtureWeight);
    }
    b.optTeacher(teacher);
    if (retrieverFeature != null) {
      b.optReadsRetrieverScores(retrieverFeature);
    }
    if (generatorCategories != null) {
      b.optGeneratorReadsCategories(generatorCategories);
    }
    if (selectOn != null) {
      b.optSelectOn(switch (selectOn.toLowerCase()) {
        case "auto" -> TrainingSettings.EpochSelection.AUTO;
        case "ndcg" -> TrainingSettings.EpochSelection.NDCG;
        case "reward" -> TrainingSettings.EpochSelection.REWARD;
        default -> throw new IllegalArgumentException(
            "--select-on must be auto, ndcg or reward, got '" + selectOn + "'");
      });
    }
    if (groupSize != null) {
      b.optGroup(GroupSpec.ofSize(groupSize));
    }
    if (rewardKind != null) {
      b.optRewardKind(io.goalrank.workflow.RewardKinds.parse(rewardKind));
    }
    if (loss != null) {
      b.optLoss(switch (loss.toLowerCase()) {
        case "reference" -> GoalRankTrainer.Loss.REFERENCE;
        case "mixed" -> GoalRankTrainer.Loss.MIXED;
        default -> throw new IllegalArgumentException("--loss must be reference or mixed, got '" + loss + "'");
      });
    }
    TrainingSettings settings = b.build();
    refuseIgnoredTeacherOptions(settings.rewardKind());
    return settings;
  }

  /**
   * A teacher option the chosen reward kind does not read is refused rather than silently ignored: a user who asks
   * for a propensity correction of a model trained on labels would otherwise believe it was applied.
   */
  private void refuseIgnoredTeacherOptions(TrainingSettings.RewardKind kind) {
    String name = io.goalrank.workflow.RewardKinds.get(kind).name();
    if (!io.goalrank.workflow.RewardKinds.get(kind).fromImpressions()) {
      refuseWith(name, "a reward model learnt from impressions (clicks, list, ensemble or mixture)",
          "--impressions-per-request", impressionsPerRequest, "--logging-policies", loggingPolicies,
          "--propensity", propensity, "--propensity-clip", propensityClip);
    }
    if (kind != TrainingSettings.RewardKind.ENSEMBLE) {
      refuseWith(name, "--reward-kind ensemble", "--ensemble-size", ensembleSize, "--ensemble-penalty",
          ensemblePenalty);
    }
    if (kind != TrainingSettings.RewardKind.MIXTURE) {
      refuseWith(name, "--reward-kind mixture", "--mixture-weight", mixtureWeight);
    }
  }

  /** Refuses the first of the (option, value) pairs that was given. */
  private static void refuseWith(String kind, String readBy, Object... optionsAndValues) {
    for (int i = 0; i < optionsAndValues.length; i += 2) {
      if (optionsAndValues[i + 1] != null) {
        throw new IllegalArgumentException(optionsAndValues[i] + " is read only by " + readBy
            + "; --reward-kind " + kind + " would ignore it");
      }
    }
  }
}
