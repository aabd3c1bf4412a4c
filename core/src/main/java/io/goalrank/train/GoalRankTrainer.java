package io.goalrank.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.ListMetrics;
import io.goalrank.group.GroupBuilder;
import io.goalrank.group.GroupContext;
import io.goalrank.group.GroupSources;
import io.goalrank.group.GroupSpec;
import io.goalrank.group.TeacherArgmax;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.Scalars;
import io.goalrank.objective.Objectives;
import io.goalrank.objective.WeightDraws;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.reward.RewardModel;
import io.goalrank.reward.TensorListUtility;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains a GoalRank generator by group-relative optimisation (paper §3, Eq. 4–5). For every batch of training
 * requests:
 *
 * <ol>
 *   <li>{@link GroupBuilder} collects the group B: lists from the auxiliary policies and samples from the current
 *       generator, duplicates masked;
 *   <li>the frozen reward model scores every list, {@code r̂(l) = Σ_i p(l_i)/log2(i+1)}, in one tensor op;
 *   <li>{@link ReferencePolicy} turns the rewards into π_ref by a z-score and softmax within the group;
 *   <li>the generator scores every list of the group by teacher forcing, and the step minimises
 *       {@code −Σ π_ref(l) log π_θ(l)}.
 * </ol>
 *
 * <p>The {@link Loss#MIXED} variant reproduces the authors' released script ({@code 1.0·BCE + 0.01·reference});
 * it is offered for comparison, not the default.
 */
public final class GoalRankTrainer {

  private GoalRankTrainer() {}

  /** The training objective. */
  public enum Loss {
    /** Eq. 5 alone. */
    REFERENCE,
    /** Supervised BCE of the first-step logits on the labels, plus 0.01 × Eq. 5, as in the released code. */
    MIXED
  }

  /**
   * GoalRank's own settings around the shared {@link FitOptions}. Build with {@link #builder(GroupSpec, FitOptions)}.
   *
   * @param group how each training group is built
   * @param loss the training objective
   * @param sampleTemperature τ of the generator's own samples in the group
   * @param referenceTemperature τ of π_ref ({@link ReferencePolicy#of}); 1 is the paper's
   * @param selectOn which validation score picks the best epoch
   * @param fit epochs, optimiser, seed, and the directory where the best model is saved with its {@code items.txt}
   *     (and {@code checkpoints/} for resuming), or null
   */
  public record Options(GroupSpec group, Loss loss, float sampleTemperature, float referenceTemperature,
      Selection selectOn, FitOptions fit, List<GeneratorListener> generatorListeners) {
    public Options {
      java.util.Objects.requireNonNull(group, "group");
      java.util.Objects.requireNonNull(loss, "loss");
      java.util.Objects.requireNonNull(selectOn, "selectOn");
      java.util.Objects.requireNonNull(fit, "fit");
      generatorListeners = List.copyOf(generatorListeners);
      if (!(sampleTemperature > 0) || Float.isInfinite(sampleTemperature)) {
        throw new IllegalArgumentException("sample temperature must be positive and finite: " + sampleTemperature);
      }
      if (!(referenceTemperature > 0) || Float.isInfinite(referenceTemperature)) {
        throw new IllegalArgumentException("reference temperature must be positive and finite: "
            + referenceTemperature);
      }
    }

    /** Options with the paper's loss, τ = 1 for samples and reference, and selection on N@L. */
    public static Builder builder(GroupSpec group, FitOptions fit) {
      return new Builder(group, fit);
    }

    /** Fluent builder: {@code group} and {@code fit} are required, the rest optional. */
    public static final class Builder {
      private final GroupSpec group;
      private final FitOptions fit;
      private Loss loss = Loss.REFERENCE;
      private float sampleTemperature = 1f;
      private float referenceTemperature = 1f;
      private Selection selectOn = Selection.NDCG;
      private final List<GeneratorListener> generatorListeners = new java.util.ArrayList<>();

      private Builder(GroupSpec group, FitOptions fit) {
        this.group = group;
        this.fit = fit;
      }

      public Builder optLoss(Loss v) {
        loss = v;
        return this;
      }

      public Builder optSampleTemperature(float v) {
        sampleTemperature = v;
        return this;
      }

      public Builder optReferenceTemperature(float v) {
        referenceTemperature = v;
        return this;
      }

      public Builder optSelectOn(Selection v) {
        selectOn = v;
        return this;
      }

      /** Listeners that watch the generator being trained (called after the fit options' listeners). */
      public Builder addGeneratorListeners(GeneratorListener... v) {
        generatorListeners.addAll(List.of(v));
        return this;
      }

      public Options build() {
        return new Options(group, loss, sampleTemperature, referenceTemperature, selectOn, fit, generatorListeners);
      }
    }
  }

  /**
   * The validation score early stopping maximises: N@L on the labels, or the mean list reward r̂ of the greedy
   * lists (for a list-aware reward, whose list effects the labels cannot measure).
   */
  public enum Selection {
    NDCG,
    REWARD,
    /**
     * Models trained on weighted objectives: the group-relative weighted objective of the greedy lists at the
     * model's own weights ({@link ObjectiveValidation}); a conditioned model is scored at several weights.
     */
    OBJECTIVE
  }

  /** The trained generator and how training went. */
  public record Fitted(NetworkTrainer<PointerGenerator> network, TrainingLoop.Result result, long parameters) {}

  /**
   * @param reward r̂, the only supervision: a frozen {@link io.goalrank.reward.RewardModel} (cache it on
   *     {@code data} with {@code cachedOn}), or any list utility, e.g. the simulator's true utility
   */
  public static Fitted fit(PreparedDataset data, ModelConfig config, ListUtility reward, ScoreCache dnnScores,
      Options options, Map<String, String> provenance) throws IOException {
    return fit(data, config, reward, scorers(dnnScores), options, provenance);
  }

  /**
   * As above, with the trained per-candidate scorers the group's sources read, by model kind
   * ({@link GroupSources#scorersNeeded}); a source whose scorer is missing fails before training starts.
   */
  public static Fitted fit(PreparedDataset data, ModelConfig config, ListUtility reward,
      Map<String, ScoreCache> scorers, Options options, Map<String, String> provenance) throws IOException {
    return fit(TrainingRequests.of(data), config, reward, null, null, null, scorers, options, provenance, null,
        List.of());
  }

  /**
   * As above, on {@code requests}: in memory, or streamed from a sharded request set one batch per step
   * ({@link ShardedTrainingRequests}). Nothing is cached per request, so each scorer is a function a batch at a time
   * (a frozen network scoring it as it comes), and {@code reward} should be the reward model itself, not cached.
   */
  public static Fitted fit(TrainingRequests requests, ModelConfig config, ListUtility reward,
      Map<String, ? extends Function<RequestBatch, float[][]>> scorers, Options options,
      Map<String, String> provenance) throws IOException {
    return fit(requests, config, reward, null, null, null, scorers, options, provenance, null, List.of());
  }

  /** The DNN scorer's cached scores as the trained scorers of a group, or none. */
  private static Map<String, ScoreCache> scorers(ScoreCache dnnScores) {
    return dnnScores == null ? Map.of() : Map.of("dnn", dnnScores);
  }

  /**
   * Objective-conditioned GoalRank (checkpoint kind {@code conditioned-generator}): each training request is used
   * with one or more objective weight vectors {@code w} ({@link WeightDraws}: relevance 1, at most one other
   * objective raised), the generator is conditioned on {@code w} (its own group samples too), and π_ref is the
   * softmax of the group-normalised {@code Σ_k w_k·z_k(l)} ({@link ReferencePolicy#weighted}). The epoch is picked
   * on the options' selection; {@link Selection#OBJECTIVE} scores relevance alone and each other objective at its
   * largest weight.
   *
   * @param objectives the objectives, relevance first (its first entry is {@code reward}'s role)
   */
  public static Fitted fitConditioned(PreparedDataset data, ModelConfig config, Objectives objectives,
      WeightDraws draws, ScoreCache dnnScores, Options options, Map<String, String> provenance)
      throws IOException {
    return fitConditioned(data, config, objectives, draws, dnnScores, options, provenance, List.of());
  }

  /** As above, with {@code anchors} feeding the group's {@code anchors:N} source (other trained generators). */
  public static Fitted fitConditioned(PreparedDataset data, ModelConfig config, Objectives objectives,
      WeightDraws draws, ScoreCache dnnScores, Options options, Map<String, String> provenance,
      List<? extends io.goalrank.core.SamplingPolicy> anchors) throws IOException {
    return fit(TrainingRequests.of(data), config, objectives.list().get(0), objectives, draws, null,
        scorers(dnnScores), options, provenance, null, anchors);
  }

  /**
   * A single-objective GoalRank model for the fixed weights {@code w}: the same network and reference as
   * {@link #fitConditioned}, but every request uses {@code w}, so it specialises in that trade-off.
   */
  public static Fitted fitFixedObjective(PreparedDataset data, ModelConfig config, Objectives objectives, float[] w,
      ScoreCache dnnScores, Options options, Map<String, String> provenance) throws IOException {
    return fitFixedObjective(data, config, objectives, w, dnnScores, options, provenance, null);
  }

  /**
   * As {@link #fitFixedObjective}, starting from the weights of the same-shaped model saved in {@code initialWeights}
   * (null: a fresh initialisation), e.g. to ask whether a trade-off is reachable from another model's optimum.
   */
  public static Fitted fitFixedObjective(PreparedDataset data, ModelConfig config, Objectives objectives, float[] w,
      ScoreCache dnnScores, Options options, Map<String, String> provenance, Path initialWeights) throws IOException {
    return fit(TrainingRequests.of(data), config, objectives.list().get(0), objectives, null, Objectives.checked(w),
        scorers(dnnScores), options,
        initialWeights == null ? provenance : withEntry(provenance, "initialWeights", initialWeights.toString()),
        initialWeights, List.of());
  }

  private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
    Map<String, String> out = new java.util.LinkedHashMap<>(map);
    out.put(key, value);
    return out;
  }

  private static Fitted fit(TrainingRequests source, ModelConfig config, ListUtility reward, Objectives objectives,
      WeightDraws draws, float[] fixedWeights, Map<String, ? extends Function<RequestBatch, float[][]>> scorers,
      Options options, Map<String, String> provenance, Path initialWeights,
      List<? extends io.goalrank.core.SamplingPolicy> anchors) throws IOException {
    PreparedDataset data = source.dataset(); // from shards: the header, with no requests
    boolean conditioned = objectives != null;
    PointerGenerator block = PointerGenerator.forTraining(config, conditioned ? objectives.size() : 0,
        data.catalog());
    FitOptions fit = options.fit();
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(block, fit.learningRate(), fit.weightDecay(),
        fit.clipNorm(), fit.seed());
    if (initialWeights != null) {
      net.loadWeights(initialWeights);
    }
    GeneratorPolicy current = new GeneratorPolicy("goalrank", net, options.sampleTemperature());
    GeneratorPolicy validationPolicy = !conditioned ? current : current.withObjective("goalrank",
        fixedWeights != null ? fixedWeights : Objectives.relevanceOnly());
    GroupContext.Builder context = GroupContext.builder(config.listLength()).optData(data).optAnchors(anchors)
        .optSeed(fit.seed());
    scorers.forEach((kind, scores) -> context.optScorer(kind, new ScoringPolicy(kind, scores, 1f)));
    if (reward instanceof io.goalrank.core.HasArgmax teacher) {
      context.optExtra(TeacherArgmax.class, new TeacherArgmax(teacher.greedyPolicy()));
    }
    if (conditioned && !options.generatorListeners().isEmpty()) {
      throw new IllegalArgumentException("generator listeners watch an unconditioned generator; this one is "
          + "conditioned on objective weights");
    }
    GroupContext groupContext = context.build();
    GroupBuilder groups = new GroupBuilder(options.group(), groupContext);
    Checkpoint checkpoint = new Checkpoint(conditioned ? "conditioned-generator" : "generator", config, provenance)
        .withData(data)
        .with("reward", reward.name())
        .with("objectives", conditioned ? String.join(",", Objectives.NAMES) : reward.name())
        .with("objectiveWeights", fixedWeights != null ? Objectives.format(fixedWeights)
            : conditioned ? "sampled: " + draws : "none")
        .with("selectOn", options.selectOn().name().toLowerCase())
        .with("parameters", Long.toString(net.parameterCount()))
        .with("group", options.group().toString())
        .with("loss", options.loss().name().toLowerCase())
        .with("referenceTemperature", Float.toString(options.referenceTemperature()))
        .with("seed", Long.toString(fit.seed()));
    int l = config.listLength();
    if (options.selectOn() == Selection.OBJECTIVE && !conditioned) {
      throw new IllegalArgumentException("selection on the objective needs a model trained on objectives");
    }
    ObjectiveValidation objectiveValidation = options.selectOn() != Selection.OBJECTIVE ? null
        // built once without the generator; its own seed, so its logging lists are not training's
        : new ObjectiveValidation(data, data.indices(Split.VALID), objectives, new GroupBuilder(options.group().auxiliaryPart(),
            groupContext.withSeed(fit.seed() + 1)), l, fit.seed() + 7);
    List<float[]> validationWeights = ObjectiveValidation.weightsFor(fixedWeights,
        draws == null ? 0f : draws.maxOther());
    long[] groupNanos = new long[1];
    TrainingLoop.Step step = (requests, epoch, seed) -> {
      long t0 = System.nanoTime();
      // a conditioned model may use each request with several weight vectors in one step (WeightDraws)
      RequestBatch batch = draws == null ? requests : requests.repeated(draws.perRequest());
      float[][] weights = !conditioned ? null
          : fixedWeights != null ? repeat(fixedWeights, batch.size()) : draws.draw(seed, requests.requestIds(), epoch);
      GroupBuilder.Group group = groups.build(batch, conditioned ? current.withObjectiveWeights(weights) : current,
          seed);
      groupNanos[0] += System.nanoTime() - t0;
      int b = batch.size();
      int g = group.size();
      long[] flat = new long[b * g * l];
      float[] mask = new float[b * g];
      for (int r = 0; r < b; r++) {
        for (int k = 0; k < g; k++) {
          mask[r * g + k] = group.mask()[r][k];
          for (int t = 0; t < l; t++) {
            flat[(r * g + k) * l + t] = group.lists()[r][k][t];
          }
        }
      }
      return net.step(m -> {
        NDArray lists = m.create(flat, new Shape(b, g, l));
        NDArray maskArray = m.create(mask, new Shape(b, g));
        NDArray reference;
        ContextEncoder.Encoded enc = block.encode(net.parameterStore(),
            BatchTensors.of(m, batch, config.maxHistory()), true);
        if (conditioned) {
          NDArray w = BatchTensors.matrix(m, weights);
          reference = ReferencePolicy.of(ReferencePolicy.weighted(objectiveValues(m, objectives, batch, lists,
              group.lists()), w, maskArray), maskArray, options.referenceTemperature());
          enc = block.condition(net.parameterStore(), enc, w, true);
        } else {
          reference = ReferencePolicy.of(rewards(m, reward, batch, lists, group.lists()), maskArray,
              options.referenceTemperature());
        }
        NDArray logProb = block.logProb(net.parameterStore(), enc, lists, true);
        NDArray loss = ReferencePolicy.crossEntropy(reference, logProb, maskArray);
        if (options.loss() == Loss.MIXED) {
          NDArray first = block.stepLogits(net.parameterStore(), enc, null, 1, true).squeeze(1);
          NDArray labels = m.create(ScorerTraining.flatLabels(batch), new Shape(b, batch.numCandidates()));
          loss = ScorerTraining.bce(first, labels).add(Scalars.mul(loss, 0.01f));
        }
        return loss;
      });
    };
    java.util.function.Supplier<TrainingLoop.Validation> validate = () -> {
      double[] v;
      try (TrainingRequests.Batches batches = source.batches(Split.VALID, 256)) {
        v = validation(validationPolicy, batches, reward, l);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      String message = String.format("valid H@%d %.4f N@%d %.4f reward %.4f", l, v[0], l, v[1], v[2]);
      if (objectiveValidation != null) {
        double[] o = objectiveValidation.score(current, validationWeights);
        StringBuilder perWeight = new StringBuilder();
        for (int i = 0; i < o.length; i++) {
          perWeight.append(i == 0 ? "" : " ").append(String.format("%.3f", o[i]));
        }
        double objective = java.util.Arrays.stream(o).average().orElse(0);
        java.util.Map<String, Double> figures = new java.util.LinkedHashMap<>(TrainingLoop.metrics(
            "H@" + l, v[0], "N@" + l, v[1], "reward", v[2]));
        figures.put("objective", objective);
        return new TrainingLoop.Validation(objective,
            message + String.format(" objective %.4f (%s)", objective, perWeight), figures);
      }
      return new TrainingLoop.Validation(options.selectOn() == Selection.REWARD ? v[2] : v[1], message,
          TrainingLoop.metrics("H@" + l, v[0], "N@" + l, v[1], "reward", v[2]));
    };
    Path dir = fit.directory();
    FitOptions.Builder listened = fit.toBuilder()
        .addListeners(new StepProfile(net, "group building", () -> groupNanos[0]));
    for (GeneratorListener watcher : options.generatorListeners()) {
      listened.addListeners(watcher.watch(current));
    }
    FitOptions profiled = listened.build();
    TrainingLoop.Result result = TrainingLoop.runCheckpointed(source, "goalrank", profiled, net, checkpoint, step,
        validate);
    if (dir != null) {
      checkpoint.with(switch (options.selectOn()) {
            case REWARD -> "validReward";
            case NDCG -> "validNdcg";
            case OBJECTIVE -> "validObjective";
          },
              String.format("%.4f", result.bestScore()))
          .with("bestEpoch", Integer.toString(result.bestEpoch()))
          .with("secondsPerEpoch", String.format("%.1f", result.secondsPerEpoch()))
          .save(dir, block, data.itemIds().rawIds()); // with items.txt: servable by rank/serve as it stands
    }
    return new Fitted(net, result, net.parameterCount());
  }

  /** {H@L (any hit), N@L, mean list reward} of greedy lists over {@code rows}; requests without positives skipped. */
  static double[] validation(GeneratorPolicy policy, PreparedDataset data, int[] rows, ListUtility reward, int l) {
    return validation(policy, data.batches(rows, 256).iterator(), reward, l);
  }

  /** As above, over {@code batches}. */
  static double[] validation(GeneratorPolicy policy, java.util.Iterator<RequestBatch> batches, ListUtility reward,
      int l) {
    double hit = 0;
    double ndcg = 0;
    double rew = 0;
    int counted = 0;
    int all = 0;
    while (batches.hasNext()) {
      RequestBatch batch = batches.next();
      RankedLists ranked = policy.rank(batch, l);
      float[] r = reward.scoreOne(batch, ranked.lists());
      for (int b = 0; b < batch.size(); b++) {
        rew += r[b];
        all++;
        if (ListMetrics.positives(batch.labels()[b]) == 0) {
          continue;
        }
        hit += ListMetrics.hitAny(ranked.lists()[b], batch.labels()[b], l);
        ndcg += ListMetrics.ndcg(ranked.lists()[b], batch.labels()[b], l);
        counted++;
      }
    }
    return new double[] {counted == 0 ? 0 : hit / counted, counted == 0 ? 0 : ndcg / counted, all == 0 ? 0 : rew / all};
  }

  private static float[][] repeat(float[] w, int n) {
    float[][] out = new float[n][];
    java.util.Arrays.fill(out, w);
    return out;
  }

  /** {@code [B, G, K]}: every objective of every list of the group. */
  /** {@code [B, G, K]}: objective k of every list of the group, each objective as {@link #rewards} gives it. */
  private static NDArray objectiveValues(ai.djl.ndarray.NDManager m, Objectives objectives, RequestBatch batch,
      NDArray lists, int[][][] javaLists) {
    ai.djl.ndarray.NDList values = new ai.djl.ndarray.NDList();
    for (ListUtility objective : objectives.list()) {
      values.add(rewards(m, objective, batch, lists, javaLists));
    }
    return ai.djl.ndarray.NDArrays.stack(values, 2);
  }

  /**
   * {@code [B, G]} list rewards of the group: on the tensor side when the utility can ({@link TensorListUtility}, the
   * reward model: the same numbers {@code score} would read back), else computed in Java and copied in once (the
   * simulator's true utility, the diversity and novelty objectives).
   *
   * @param lists the group as {@code [B, G, L]} int64, {@code javaLists} the same lists as arrays
   */
  private static NDArray rewards(ai.djl.ndarray.NDManager m, ListUtility reward, RequestBatch batch, NDArray lists,
      int[][][] javaLists) {
    if (reward instanceof TensorListUtility tensors) {
      NDArray r = tensors.listReward(m, batch, lists);
      // one boolean read back instead of the whole [B, G] matrix
      if (r.isNaN().logicalOr(r.isInfinite()).any().getBoolean()) {
        throw new IllegalStateException(reward.name() + " gave a non-finite list reward");
      }
      return r;
    }
    float[][] r = reward.score(batch, javaLists);
    for (float[] row : r) {
      for (float x : row) {
        if (!Float.isFinite(x)) {
          throw new IllegalStateException(reward.name() + " gave a non-finite list reward");
        }
      }
    }
    return BatchTensors.matrix(m, r);
  }
}
