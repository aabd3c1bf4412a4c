package io.goalrank.workflow;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankingPolicy;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.Evaluator;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.LoggingPolicy;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.sim.SimulatorUtility;
import io.goalrank.train.GoalRankTrainer;
import io.goalrank.train.ScorerTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages of a GoalRank run wired together: simulate or read data → prepare → reward model → auxiliary DNN →
 * GoalRank generator → evaluation of every policy on the same test requests. The CLI commands and the end-to-end
 * tests call these, so there is one code path.
 */
public final class Workflow {
  private Workflow() {}

  /** Generates a synthetic log and runs the protocol on it; the simulator settings go into the dataset's info. */
  public static PreparedDataset simulate(SimulatorConfig simulator, ProtocolConfig protocol, MfRetriever.Options mf) {
    Simulator sim = Simulator.create(simulator);
    PreparedDataset data = new DatasetPreparer(protocol, mf).prepare("simulator", sim.generateLog());
    Map<String, String> info = new LinkedHashMap<>(data.info());
    info.put("sim.users", Integer.toString(simulator.users()));
    info.put("sim.items", Integer.toString(simulator.items()));
    info.put("sim.interactions.min", Integer.toString(simulator.minInteractionsPerUser()));
    info.put("sim.interactions.max", Integer.toString(simulator.maxInteractionsPerUser()));
    info.put("sim.seed", Long.toString(simulator.seed()));
    // the simulator rates on the 1-5 scale of ML-1M, so reports name where its threshold came from like real data's
    info.putIfAbsent(io.goalrank.data.PositiveThreshold.INFO_SOURCE, "the simulator's 1-5 ratings, as ml-1m");
    return data.withInfo(info);
  }

  /** The simulator that generated {@code data}, rebuilt from its settings, or null for real data. */
  public static Simulator simulatorOf(PreparedDataset data) {
    return Simulator.of(data);
  }

  /** The preset {@code size} for {@code data}'s list length and history window, reading no retriever scores. */
  public static ModelConfig modelConfig(PreparedDataset data, String size) {
    int l = Integer.parseInt(data.info().getOrDefault("protocol.listLength", "6"));
    int h = Integer.parseInt(data.info().getOrDefault("protocol.maxHistory", "50"));
    return ModelConfig.preset(size, data.numItems(), h, l);
  }

  /** The preset {@code size} with the input features {@code s} asks for. */
  public static ModelConfig modelConfig(PreparedDataset data, String size, TrainingSettings s) {
    return modelConfig(data, size).withRetrieverScores(s.readsRetrieverScores(data));
  }

  public static int listLength(PreparedDataset data) {
    return Integer.parseInt(data.info().getOrDefault("protocol.listLength", "6"));
  }

  /**
   * Trains the reward model and returns it frozen, by {@link TrainingSettings#rewardKind} ({@link RewardKinds}):
   * {@code POINTWISE} (kind {@code reward}) on the candidate labels; on impressions, {@code CLICKS} (kind
   * {@code click-reward}, pointwise with position offsets), {@code LIST} (kind {@code list-reward}, list-aware), or
   * the composites {@code ENSEMBLE} and {@code MIXTURE}.
   */
  public static RewardModel trainReward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    return RewardKinds.get(s.rewardKind()).trainer().train(data, s, dir);
  }

  /**
   * The impression log an impression-trained reward model learns from: on simulated data, lists the simulator's
   * logging policy showed ({@code impressionsPerRequest} per request, with simulated clicks); on real data, the
   * logged lists themselves ({@link Impressions#fromLoggedLists}: each request's ground truth in time order with its
   * own feedback; with {@code --requests slates} every slate of the timeline).
   */
  public static Impressions impressions(PreparedDataset data, TrainingSettings s) {
    Simulator sim = simulatorOf(data);
    if (sim == null) {
      if (!s.teacher().logging().isDefault()) {
        throw new IllegalArgumentException("--logging-policies chooses who shows the simulator's impressions; a real "
            + "log's lists were shown by its own logging policy (leave the option out there)");
      }
      return Impressions.fromLoggedLists(data);
    }
    return ImpressionSimulator.simulate(sim, data, listLength(data), s.impressionsPerRequest(), s.seed() + 5,
        s.teacher().logging(), s.teacher().propensity().enabled());
  }

  /** Trains a per-candidate scorer of the given kind ({@code dnn} or {@code prm}). */
  public static NetworkTrainer<ScoringNetwork> trainScorer(PreparedDataset data, String kind, String size, int epochs,
      TrainingSettings s, long seed, Path dir) throws IOException {
    return ScorerTraining.fit(data, modelConfig(data, size, s),
        new ScorerTraining.Options(kind, epochs, s.patience(), s.batchSize(), s.rewardLearningRate(),
            s.weightDecay(), seed, dir),
        provenance(data)).network();
  }

  /**
   * Trains GoalRank against {@code reward}: normally the frozen {@link RewardModel}, or any list utility (on the
   * simulator, its true utility, to separate the optimiser from the reward model's errors). The epoch is picked
   * on validation N@L when the labels measure what the reward rewards (a pointwise reward model), otherwise on the
   * validation reward itself.
   */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward, ScoreCache dnn,
      TrainingSettings s, Path dir) throws IOException {
    return trainGoalRank(data, reward, dnn == null ? Map.of() : Map.of("dnn", dnn), s, dir);
  }

  /** As above, with every trained scorer the group's sources read, by model kind. */
  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, ListUtility reward,
      Map<String, ScoreCache> scorers, TrainingSettings s, Path dir) throws IOException {
    ListUtility teacher = reward instanceof RewardModel model ? model.cachedOn(data) : reward;
    return GoalRankTrainer.fit(data, modelConfig(data, s.generatorSize(), s), teacher, scorers,
        goalRankOptions(s, reward, dir), provenance(data));
  }

  /**
   * Trains an objective-conditioned generator ({@link GoalRankTrainer#fitConditioned}) on relevance (the reward
   * model), category diversity and novelty, with training weights drawn as {@code draws} says.
   */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, io.goalrank.objective.WeightDraws draws, Path dir) throws IOException {
    return trainConditioned(data, reward, dnn, s, draws, dir, List.of());
  }

  /** As above, with {@code anchors} feeding the group's {@code anchors:N} source. */
  public static GoalRankTrainer.Fitted trainConditioned(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, io.goalrank.objective.WeightDraws draws, Path dir,
      List<? extends io.goalrank.core.SamplingPolicy> anchors) throws IOException {
    return GoalRankTrainer.fitConditioned(data, modelConfig(data, s.generatorSize(), s),
        io.goalrank.objective.Objectives.of(data, reward.cachedOn(data)), draws, dnn,
        objectiveOptions(s, dir), provenance(data), anchors);
  }

  /** A GoalRank model trained for the fixed objective weights {@code w} ({@link GoalRankTrainer#fitFixedObjective}). */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir) throws IOException {
    return trainFixedObjective(data, reward, dnn, s, w, dir, null);
  }

  /** As above, starting from the saved weights in {@code initialWeights} (null: a fresh initialisation). */
  public static GoalRankTrainer.Fitted trainFixedObjective(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, float[] w, Path dir, Path initialWeights) throws IOException {
    return GoalRankTrainer.fitFixedObjective(data, modelConfig(data, s.generatorSize(), s),
        io.goalrank.objective.Objectives.of(data, reward.cachedOn(data)), w, dnn, objectiveOptions(s, dir),
        provenance(data), initialWeights);
  }

  /**
   * The generator options of {@code s}. The epoch is picked on N@L only when r̂ learnt from the candidate labels
   * (then those labels measure what it rewards); otherwise on the mean r̂ of the greedy lists.
   */
  private static GoalRankTrainer.Options goalRankOptions(TrainingSettings s, ListUtility reward, Path dir) {
    boolean pointwise = reward instanceof RewardModel model && model.isTrainedOnLabels();
    GoalRankTrainer.Selection selection = switch (s.selectOn()) {
      case NDCG -> GoalRankTrainer.Selection.NDCG;
      case REWARD -> GoalRankTrainer.Selection.REWARD;
      case AUTO -> pointwise ? GoalRankTrainer.Selection.NDCG : GoalRankTrainer.Selection.REWARD;
    };
    return new GoalRankTrainer.Options(s.group(), s.loss(), s.generatorEpochs(), s.patience(), s.batchSize(),
        s.learningRate(), s.weightDecay(), s.clipNorm(), s.sampleTemperature(), s.referenceTemperature(),
        selection, s.seed() + 3, dir);
  }

  /**
   * The generator options of {@code s} for a model trained on weighted objectives: the epoch is picked on the
   * weighted objective itself ({@link GoalRankTrainer.Selection#OBJECTIVE}), since labels measure relevance alone.
   */
  private static GoalRankTrainer.Options objectiveOptions(TrainingSettings s, Path dir) {
    return new GoalRankTrainer.Options(s.group(), s.loss(), s.generatorEpochs(), s.patience(), s.batchSize(),
        s.learningRate(), s.weightDecay(), s.clipNorm(), s.sampleTemperature(), s.referenceTemperature(),
        GoalRankTrainer.Selection.OBJECTIVE, s.seed() + 3, dir);
  }

  /** Scores of a scorer for every request, cached. */
  public static ScoreCache cache(PreparedDataset data, NetworkTrainer<? extends ScoringNetwork> net) {
    return ScoreCache.of(data, batch -> ScorerTraining.scores(net, batch), 256);
  }

  /** The heuristics, plus the logging policy when the data is simulated. */
  public static List<RankingPolicy> heuristics(PreparedDataset data, long seed) {
    List<RankingPolicy> out = new ArrayList<>();
    out.add(new RandomPolicy(seed));
    out.add(new PopularityPolicy(data.itemCounts()));
    out.add(new RetrieverOrderPolicy());
    Simulator sim = simulatorOf(data);
    if (sim != null) {
      out.add(new LoggingPolicy(sim, data.userIds(), data.itemIds(), seed));
    }
    return out;
  }

  /**
   * Reference rows that read what no ranker can: the labels (always) and, on simulated data, the true utility.
   * They bound the table; they are not baselines.
   */
  public static List<RankingPolicy> oracles(PreparedDataset data) {
    List<RankingPolicy> out = new ArrayList<>();
    out.add(new io.goalrank.policy.LabelOracle());
    Simulator sim = simulatorOf(data);
    if (sim != null) {
      out.add(new io.goalrank.sim.TrueUtilityOracle(sim, data.userIds(), data.itemIds()));
    }
    return out;
  }

  /** The reward model's own greedy list ({@link RewardModel#greedy}): the best list under r̂ one rank at a time. */
  public static RankingPolicy rewardGreedy(RewardModel reward) {
    return reward.greedyPolicy();
  }

  /** List utilities to report: the reward model's r̂ and, for simulated data, the true utility. */
  public static List<ListUtility> utilities(PreparedDataset data, RewardModel reward) {
    List<ListUtility> out = new ArrayList<>();
    out.add(reward);
    Simulator sim = simulatorOf(data);
    if (sim != null) {
      out.add(new SimulatorUtility(sim, data.userIds(), data.itemIds()));
    }
    return out;
  }

  public static List<EvaluationResult> evaluate(PreparedDataset data, List<RankingPolicy> policies,
      List<ListUtility> utilities, Split split, boolean progress) {
    Evaluator evaluator = new Evaluator(listLength(data), listLength(data), 256, utilities, progress);
    List<EvaluationResult> out = new ArrayList<>();
    for (RankingPolicy p : policies) {
      out.add(evaluator.evaluate(p, data, split));
    }
    return out;
  }

  public static GeneratorPolicy generatorPolicy(NetworkTrainer<io.goalrank.model.PointerGenerator> net) {
    return new GeneratorPolicy("goalrank", net, 1f);
  }

  static Map<String, String> provenance(PreparedDataset data) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("dataset", data.info().getOrDefault("dataset", "?"));
    p.put("requests", Integer.toString(data.size()));
    p.put("items", Integer.toString(data.numItems()));
    p.put("protocol.seed", data.info().getOrDefault("protocol.seed", "?"));
    p.put("protocol.negatives", data.info().getOrDefault("protocol.negatives", "?"));
    p.put("device", io.goalrank.model.Devices.spec());
    return p;
  }
}
