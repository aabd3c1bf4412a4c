package io.goalrank.experiment;

import io.goalrank.core.ListUtility;
import io.goalrank.data.PreparedDataset;
import io.goalrank.group.GroupSources;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelKinds;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import io.goalrank.reward.RewardModel;
import io.goalrank.train.FitOptions;
import io.goalrank.train.PolicyGradientTrainer;
import io.goalrank.train.Seq2SlateTrainer;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trained networks of one seed, each trained on first use into {@code DIR/seed-<s>/models/<name>} or, when a
 * finished model is already there, loaded from it. All of them share this seed's frozen reward model; sizes, epoch
 * budgets, batch size and learning rate come from the same {@link TrainingSettings}.
 *
 * <ul>
 *   <li>{@code reward}: the reward model r̂ (CandidateScorer, BCE on the labels), frozen;
 *   <li>{@code dnn}, {@code prm}, {@code dlcm}: per-candidate scorers trained with BCE on the labels (epoch budget
 *       of the reward model);
 *   <li>{@code seq2slate}, {@code eg-rerank}, {@code goalrank}: the same pointer-network generator trained three
 *       ways (epoch budget of GoalRank's generator).
 * </ul>
 */
public final class SeedModels implements AutoCloseable {
  private final PreparedDataset data;
  private final RunDirectory dir;
  private final long seed;
  private final TrainingSettings settings;
  private final int egSamples;
  private final List<AutoCloseable> open = new ArrayList<>();
  private RewardModel reward;
  private final Map<String, NetworkTrainer<ScoringNetwork>> scorers = new HashMap<>();
  private final Map<String, ScoreCache> scoreCaches = new HashMap<>();
  private final Map<String, NetworkTrainer<PointerGenerator>> generators = new HashMap<>();
  private boolean trainedOnly;

  /**
   * @param egSamples lists the EG-Rerank generator samples per request and step (the GoalRank group size, so
   *     both see as many lists per step)
   */
  public SeedModels(PreparedDataset data, RunDirectory dir, long seed, TrainingSettings settings, int egSamples) {
    this.data = data;
    this.dir = dir;
    this.seed = seed;
    this.settings = settings;
    this.egSamples = egSamples;
  }

  /**
   * The models a finished run left in {@code dir} for seed {@code seed}, loaded and never trained: asking for one
   * that is not there fails with an {@link IOException} naming its directory ({@code goalrank evaluate --table1}).
   */
  public static SeedModels trainedOnly(PreparedDataset data, RunDirectory dir, long seed, TrainingSettings settings) {
    SeedModels m = new SeedModels(data, dir, seed, settings, 1);
    m.trainedOnly = true;
    return m;
  }

  public PreparedDataset data() {
    return data;
  }

  public long seed() {
    return seed;
  }

  public TrainingSettings settings() {
    return settings;
  }

  public RewardModel reward() throws IOException {
    if (reward == null) {
      Path d = dir.modelDir(seed, "reward");
      reward = finished(d) ? RewardModel.load(d) : timed("reward", () -> Workflow.trainReward(data, settings, d));
      open.add(reward);
      if (!trainedOnly && io.goalrank.workflow.TeacherChecks.read(d).isEmpty()) {
        // the teacher's list-level check on held-out shown lists, once per seed; Table1Report collects it
        var checks = io.goalrank.workflow.TeacherChecks.heldOut(data, reward, settings);
        if (!checks.isEmpty()) {
          io.goalrank.workflow.TeacherChecks.write(d, checks);
          checks.forEach(c -> System.out.println("      " + c.summary()));
        }
      }
    }
    return reward;
  }

  /** A per-candidate scorer baseline ({@link ModelKinds#scorerNames}: dnn, prm, dlcm), at the table's size. */
  public NetworkTrainer<ScoringNetwork> scorer(String kind) throws IOException {
    return scorer(kind, settings.generatorSize());
  }

  /**
   * A per-candidate scorer of any size preset (the scaling analysis): the table's size is saved as {@code kind},
   * other sizes as {@code kind-size}, with the same seed so sizes differ only in shape.
   */
  public NetworkTrainer<ScoringNetwork> scorer(String kind, String size) throws IOException {
    String name = scorerName(kind, size);
    long offset = ModelKinds.scorer(kind).seedOffset(); // dnn's is the auxiliary DNN's of `goalrank train`
    return cached(scorers, name, Models::loadScorer, d -> timed(name, () -> Workflow.trainScorer(data, kind,
        size, settings.rewardEpochs(), settings, settings.seed() + offset, d)));
  }

  /** The model directory name of a scorer of {@code kind} at {@code size}. */
  public String scorerName(String kind, String size) {
    return size.equals(settings.generatorSize()) ? kind : kind + "-" + size;
  }

  /** The scorer's logits for every request, computed once. */
  public ScoreCache scores(String kind) throws IOException {
    return scores(kind, settings.generatorSize());
  }

  /** The logits of the scorer of {@code kind} at {@code size} for every request, computed once. */
  public ScoreCache scores(String kind, String size) throws IOException {
    String name = scorerName(kind, size);
    ScoreCache cache = scoreCaches.get(name);
    if (cache == null) {
      cache = Workflow.cache(data, scorer(kind, size));
      scoreCaches.put(name, cache);
    }
    return cache;
  }

  /**
   * A GoalRank generator trained with {@code variant} settings (group, size, ...) against {@code teacher} (this
   * seed's reward model, possibly noisy), saved as {@code name}; the analyses' variants. The auxiliary DNN is the
   * table's DNN, and the generator's initialisation seed is this seed's, so variants differ only in what varies.
   */
  public NetworkTrainer<PointerGenerator> goalRank(String name, TrainingSettings variant, ListUtility teacher)
      throws IOException {
    return cached(generators, name, Models::loadGenerator, d -> {
      // the trained scorers the group's sources read (the table's DNN for dnn, dnn-pl, ...), trained or loaded
      Map<String, ScoreCache> scorers = new LinkedHashMap<>();
      for (String kind : GroupSources.scorersNeeded(variant.group())) {
        scorers.put(kind, scores(kind));
      }
      TrainingSettings s = variant.toBuilder().optSeed(settings.seed()).build();
      return timed(name, () -> Workflow.trainGoalRank(data, teacher, scorers, s, d).network());
    });
  }

  /** The parameter count a finished model recorded in its checkpoint, or -1 when it has none. */
  public static long parameters(Path modelDir) throws IOException {
    return Long.parseLong(Checkpoint.read(modelDir).provenance().getOrDefault("parameters", "-1"));
  }

  /** A pointer-network generator: {@code seq2slate}, {@code seq2slate-pos}, {@code eg-rerank} or {@code goalrank}. */
  public NetworkTrainer<PointerGenerator> generator(String name) throws IOException {
    return cached(generators, name, Models::loadGenerator, d -> {
      RewardModel r = reward();
      FitOptions o = settings.generatorFit(0, d);
      // every generator row reads what GoalRank's reads (item categories with --generator-categories)
      var config = io.goalrank.workflow.ModelShapes.generatorConfig(data, settings);
      var provenance = Map.of("dataset", data.info().getOrDefault("dataset", "?"),
          "protocol.negatives", data.info().getOrDefault("protocol.negatives", "?"));
      return switch (name) {
        case "seq2slate" -> timed(name, () -> Seq2SlateTrainer.fit(data, config, r,
            o.withSeed(settings.seed() + 6), provenance).network());
        case "seq2slate-pos" -> timed(name, () -> Seq2SlateTrainer.fitPositivesOnly(data, config, r,
            o.withSeed(settings.seed() + 8), provenance).network());
        case "eg-rerank" -> timed(name, () -> PolicyGradientTrainer.fit(data, config, r, egSamples,
            o.withSeed(settings.seed() + 7), provenance).network());
        // GoalRank's auxiliary DNN is the DNN baseline of this table (hidden 128, same seed)
        case "goalrank" -> timed(name, () -> Workflow.trainGoalRank(data, r, scores("dnn"), settings, d)
            .network());
        default -> throw new IllegalArgumentException("unknown generator '" + name + "'");
      };
    });
  }

  /** A model directory holds a finished model once its {@code model.json} exists (written last, atomically). */
  private static boolean finished(Path d) {
    return Files.isRegularFile(d.resolve(Checkpoint.META));
  }

  /**
   * Model {@code name} of this seed from {@code cache}; on first use loaded from its model directory when a finished
   * model is there, else made there by {@code train}, and closed with this object.
   */
  private <T extends AutoCloseable> T cached(Map<String, T> cache, String name, InModelDir<T> load,
      InModelDir<T> train) throws IOException {
    T model = cache.get(name);
    if (model == null) {
      Path d = dir.modelDir(seed, name);
      model = finished(d) ? load.apply(d) : train.apply(d);
      cache.put(name, model);
      open.add(model);
    }
    return model;
  }

  private interface InModelDir<T> {
    T apply(Path modelDir) throws IOException;
  }

  private interface Training<T> {
    T train() throws IOException;
  }

  private <T> T timed(String what, Training<T> training) throws IOException {
    if (trainedOnly) {
      throw new IOException(dir.modelDir(seed, what) + ": no finished model (no " + Checkpoint.META + "); run the "
          + "experiment that trains it first, or leave its rows out");
    }
    System.out.printf("      training %s (seed %d)...%n", what, seed);
    long start = System.nanoTime();
    T out = training.train();
    System.out.printf(Locale.ROOT, "      trained %s in %.0f s%n", what, (System.nanoTime() - start) / 1e9);
    return out;
  }

  @Override
  public void close() throws Exception {
    for (int k = open.size() - 1; k >= 0; k--) {
      open.get(k).close();
    }
  }
}
