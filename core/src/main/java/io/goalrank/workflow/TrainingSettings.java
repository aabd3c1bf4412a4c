package io.goalrank.workflow;

import io.goalrank.group.GroupSpec;
import io.goalrank.train.GoalRankTrainer;

/**
 * Every knob of a reward-model + auxiliary-DNN + GoalRank training run, with a builder whose defaults are the
 * ones the docs report. Deviations from the paper's hyper-parameters (lr 1e-4, 200 epochs, batch 512) are
 * deliberate: the public datasets give a few thousand requests, so the same number of optimiser steps needs a
 * larger step size; see docs/RESULTS.md.
 */
public record TrainingSettings(
    String generatorSize, String rewardSize, String dnnSize,
    int rewardEpochs, int dnnEpochs, int generatorEpochs, int patience, int batchSize,
    float learningRate, float rewardLearningRate, float weightDecay, float clipNorm,
    GroupSpec group, GoalRankTrainer.Loss loss, float sampleTemperature, float referenceTemperature,
    RewardKind rewardKind,
    int impressionsPerRequest, RetrieverFeature retrieverFeature, EpochSelection selectOn, long seed,
    TeacherOptions teacher, boolean generatorReadsCategories) {

  /**
   * Which reward model to train: {@code POINTWISE} on the candidate labels (the default; the only kind real data
   * here allows); or, on simulated impressions, {@code CLICKS} (pointwise with per-position offsets) or
   * {@code LIST} (list-aware). docs/RESULTS.md says how each fares.
   */
  /**
   * Which validation score picks GoalRank's best epoch: {@code AUTO} (label N@L for a reward model trained on the
   * labels, whose labels then measure what it rewards; mean r̂ of the greedy lists otherwise), or either one.
   */
  public enum EpochSelection {
    AUTO,
    NDCG,
    REWARD
  }

  /** What each kind is and how it trains: {@link RewardKinds}, the registry (one line per kind). */
  public enum RewardKind {
    POINTWISE,
    CLICKS,
    LIST,
    PAIRWISE,
    ENSEMBLE,
    MIXTURE
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * This record's text without the teacher options when they are the defaults: what run directories made before
   * those options recorded ({@code ExperimentConfig.identity}), so they still resume.
   */
  public String identity() {
    String text = toString();
    if (!generatorReadsCategories) {
      text = text.replace(", generatorReadsCategories=false", "");
    }
    return teacher.isDefault() ? text.replace(", teacher=" + teacher, "") : text;
  }

  /** The paper's setting: a reward model on the candidates' labels, no retriever feature, τ = 1, small defaults. */
  public static TrainingSettings paperSetting() {
    return builder().optRetrieverFeature(RetrieverFeature.OFF).build();
  }

  /** Whether the networks read the retriever score on {@code data} ({@link RetrieverFeature#resolve}). */
  public boolean readsRetrieverScores(io.goalrank.data.PreparedDataset data) {
    return retrieverFeature.resolve(data);
  }

  /** Whether the networks read the retriever score on candidates drawn with {@code negatives}. */
  public boolean readsRetrieverScores(String negatives) {
    return retrieverFeature.resolve(negatives);
  }

  /**
   * The setting for logs with impressions, the demo's until issue 20 (docs/RESULTS.md, "What it takes to beat the
   * group on true utility"): a pointwise, position-debiased reward model trained on 32 impressions per request, every
   * network reading the retriever's score where it does not leak ({@link RetrieverFeature#AUTO}), a sharp reference
   * (τ = 0.1), tiny networks, 30 generator epochs.
   */
  public static TrainingSettings impressionSetting() {
    return builder().optGeneratorSize("tiny").optRewardSize("tiny").optDnnSize("tiny")
        .optRewardEpochs(12).optDnnEpochs(12).optGeneratorEpochs(30).optBatchSize(64)
        .optRewardKind(RewardKind.CLICKS).optImpressionsPerRequest(32)
        .optReferenceTemperature(0.1f).build();
  }

  /**
   * The demo's setting: {@link #impressionSetting()} with the teacher the diagnostic ranks best, the pairwise click
   * model; a generator that reads the same item categories the teacher's pair effects are defined on; and the
   * teacher's own greedy list in every group beside the default sources, which the generator does not find from its
   * own samples (docs/RESULTS.md, "Which teacher?"; issue 20).
   */
  public static TrainingSettings demoSetting() {
    return impressionSetting().toBuilder().optRewardKind(RewardKind.PAIRWISE).optGeneratorReadsCategories(true)
        .optGroup(GroupSpec.parse(DEMO_GROUP)).build();
  }

  /** The demo's group: the default sources and the teacher's greedy list (|B| = 21). */
  public static final String DEMO_GROUP = GroupSpec.DEFAULT + ",teacher-greedy:1";

  /**
   * The loop and optimiser settings of a pointer-network generator (GoalRank or a baseline): the generator epochs
   * and learning rate, with this run's patience, batch size, weight decay and gradient clip.
   *
   * @param seed the trainer's seed (each trainer salts {@link #seed} with its own offset)
   * @param directory where the model is saved, or null
   */
  public io.goalrank.train.FitOptions generatorFit(long seed, java.nio.file.Path directory) {
    return io.goalrank.train.FitOptions.builder().optEpochs(generatorEpochs).optPatience(patience)
        .optBatchSize(batchSize).optLearningRate(learningRate).optWeightDecay(weightDecay).optClipNorm(clipNorm)
        .optSeed(seed).optDirectory(directory).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.generatorSize = generatorSize;
    b.rewardSize = rewardSize;
    b.dnnSize = dnnSize;
    b.rewardEpochs = rewardEpochs;
    b.dnnEpochs = dnnEpochs;
    b.generatorEpochs = generatorEpochs;
    b.patience = patience;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.rewardLearningRate = rewardLearningRate;
    b.weightDecay = weightDecay;
    b.clipNorm = clipNorm;
    b.group = group;
    b.loss = loss;
    b.sampleTemperature = sampleTemperature;
    b.referenceTemperature = referenceTemperature;
    b.rewardKind = rewardKind;
    b.impressionsPerRequest = impressionsPerRequest;
    b.retrieverFeature = retrieverFeature;
    b.selectOn = selectOn;
    b.seed = seed;
    b.teacher = teacher;
    b.generatorReadsCategories = generatorReadsCategories;
    return b;
  }

  /**
   * Builder with documented defaults, the same as Table 1's so that {@code train} and {@code table1} agree:
   * paper-size networks (hidden 128, 2 layers) for the reward model, the auxiliary DNN and the generator, |B| = 20,
   * the retriever score as an input.
   */
  public static final class Builder {
    private boolean generatorReadsCategories;
    private String generatorSize = "small";
    private String rewardSize = "small";
    private String dnnSize = "small";
    private int rewardEpochs = 30;
    private int dnnEpochs = 30;
    private int generatorEpochs = 40;
    private int patience = 5;
    private int batchSize = 128;
    private float learningRate = 1e-3f;
    private float rewardLearningRate = 1e-3f;
    private float weightDecay = 0f;
    private float clipNorm = 5f;
    private GroupSpec group = GroupSpec.parse(GroupSpec.DEFAULT);
    private GoalRankTrainer.Loss loss = GoalRankTrainer.Loss.REFERENCE;
    private float sampleTemperature = 1f;
    private float referenceTemperature = 1f;
    private RewardKind rewardKind = RewardKind.POINTWISE;
    private int impressionsPerRequest = 8;
    private RetrieverFeature retrieverFeature = RetrieverFeature.AUTO;
    private EpochSelection selectOn = EpochSelection.AUTO;
    private long seed = 999;
    private TeacherOptions teacher = TeacherOptions.DEFAULT;

    public Builder optGeneratorSize(String v) {
      generatorSize = v;
      return this;
    }

    public Builder optRewardSize(String v) {
      rewardSize = v;
      return this;
    }

    public Builder optDnnSize(String v) {
      dnnSize = v;
      return this;
    }

    public Builder optRewardEpochs(int v) {
      rewardEpochs = v;
      return this;
    }

    public Builder optDnnEpochs(int v) {
      dnnEpochs = v;
      return this;
    }

    public Builder optGeneratorEpochs(int v) {
      generatorEpochs = v;
      return this;
    }

    public Builder optPatience(int v) {
      patience = v;
      return this;
    }

    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder optLearningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder optRewardLearningRate(float v) {
      rewardLearningRate = v;
      return this;
    }

    public Builder optWeightDecay(float v) {
      weightDecay = v;
      return this;
    }

    public Builder optClipNorm(float v) {
      clipNorm = v;
      return this;
    }

    public Builder optGroup(GroupSpec v) {
      group = v;
      return this;
    }

    public Builder optLoss(GoalRankTrainer.Loss v) {
      loss = v;
      return this;
    }

    public Builder optSampleTemperature(float v) {
      sampleTemperature = v;
      return this;
    }

    public Builder optRewardKind(RewardKind v) {
      rewardKind = v;
      return this;
    }

    /** Simulated impressions (shown lists with clicks) per training request for a list-aware reward model. */
    public Builder optImpressionsPerRequest(int v) {
      impressionsPerRequest = v;
      return this;
    }

    /** τ of π_ref = softmax(z / τ); 1 is the paper's. */
    public Builder optReferenceTemperature(float v) {
      referenceTemperature = v;
      return this;
    }

    /**
     * Whether every network (reward model, DNN, generator, baselines) reads each candidate's stage-1 retriever
     * score. {@link RetrieverFeature#AUTO} by default: on, as a final-stage ranker in production always has the
     * earlier stage's score (without it every learned row lost to MF order on matched negatives), except with
     * retriever negatives, where the score gives the forced-in targets away.
     */
    public Builder optRetrieverFeature(RetrieverFeature v) {
      retrieverFeature = v;
      return this;
    }

    /** {@code --retriever-feature} ({@link RetrieverFeature#ON}) or {@code --no-retriever-feature} (OFF). */
    public Builder optReadsRetrieverScores(boolean v) {
      retrieverFeature = v ? RetrieverFeature.ON : RetrieverFeature.OFF;
      return this;
    }

    /** Which validation score picks GoalRank's best epoch ({@code --select-on}). */
    public Builder optSelectOn(EpochSelection v) {
      selectOn = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /** How the teacher is made beyond its kind: logging policies of its impressions, ... (issue 20). */
    public Builder optTeacher(TeacherOptions v) {
      teacher = java.util.Objects.requireNonNull(v, "teacher");
      return this;
    }

    /**
     * Whether GoalRank's generator reads each candidate's item categories (genres, topics) from the dataset's
     * catalogue as an input; off by default (every earlier run's setting).
     */
    public Builder optGeneratorReadsCategories(boolean v) {
      generatorReadsCategories = v;
      return this;
    }

    public TrainingSettings build() {
      if (batchSize < 1 || patience < 1 || rewardEpochs < 1 || dnnEpochs < 1 || generatorEpochs < 1
          || impressionsPerRequest < 1 || !(referenceTemperature > 0)) {
        throw new IllegalArgumentException(
            "epochs, patience, batch size, impressions and the reference temperature must be positive");
      }
      return new TrainingSettings(generatorSize, rewardSize, dnnSize, rewardEpochs, dnnEpochs, generatorEpochs,
          patience, batchSize, learningRate, rewardLearningRate, weightDecay, clipNorm, group, loss,
          sampleTemperature, referenceTemperature, rewardKind, impressionsPerRequest, retrieverFeature, selectOn,
          seed, teacher, generatorReadsCategories);
    }
  }
}
