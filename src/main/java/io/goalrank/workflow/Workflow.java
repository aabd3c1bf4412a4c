package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.Evaluator;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ListUtility;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RankingPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
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
    return data.withInfo(info);
  }

  /** The simulator that generated {@code data}, rebuilt from its settings, or null for real data. */
  public static Simulator simulatorOf(PreparedDataset data) {
    Map<String, String> info = data.info();
    if (!info.containsKey("sim.seed")) {
      return null;
    }
    return Simulator.create(SimulatorConfig.builder()
        .users(Integer.parseInt(info.get("sim.users")))
        .items(Integer.parseInt(info.get("sim.items")))
        .interactionsPerUser(Integer.parseInt(info.get("sim.interactions.min")),
            Integer.parseInt(info.get("sim.interactions.max")))
        .seed(Long.parseLong(info.get("sim.seed")))
        .build());
  }

  public static ModelConfig modelConfig(PreparedDataset data, String size) {
    int l = Integer.parseInt(data.info().getOrDefault("protocol.listLength", "6"));
    int h = Integer.parseInt(data.info().getOrDefault("protocol.maxHistory", "50"));
    return ModelConfig.preset(size, data.numItems(), h, l);
  }

  public static int listLength(PreparedDataset data) {
    return Integer.parseInt(data.info().getOrDefault("protocol.listLength", "6"));
  }

  /** Trains the reward model (kind {@code reward}) and returns it frozen. */
  public static RewardModel trainReward(PreparedDataset data, TrainingSettings s, Path dir) throws IOException {
    var fitted = ScorerTraining.fit(data, modelConfig(data, s.rewardSize()),
        new ScorerTraining.Options("reward", s.rewardEpochs(), s.patience(), s.batchSize(), s.rewardLearningRate(),
            s.weightDecay(), s.seed() + 1, dir),
        provenance(data));
    return new RewardModel(fitted.network(), 0f, 0);
  }

  /** Trains a per-candidate scorer of the given kind ({@code dnn} or {@code prm}). */
  public static NetworkTrainer<ScoringNetwork> trainScorer(PreparedDataset data, String kind, String size, int epochs,
      TrainingSettings s, long seed, Path dir) throws IOException {
    return ScorerTraining.fit(data, modelConfig(data, size),
        new ScorerTraining.Options(kind, epochs, s.patience(), s.batchSize(), s.rewardLearningRate(),
            s.weightDecay(), seed, dir),
        provenance(data)).network();
  }

  public static GoalRankTrainer.Fitted trainGoalRank(PreparedDataset data, RewardModel reward, ScoreCache dnn,
      TrainingSettings s, Path dir) throws IOException {
    return GoalRankTrainer.fit(data, modelConfig(data, s.generatorSize()), reward, dnn,
        new GoalRankTrainer.Options(s.group(), s.loss(), s.generatorEpochs(), s.patience(), s.batchSize(),
            s.learningRate(), s.weightDecay(), s.clipNorm(), s.sampleTemperature(), s.seed() + 3, dir),
        provenance(data));
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

  /** The reward model's own greedy top-L: the best list under r̂, since r̂ is a position-weighted sum. */
  public static RankingPolicy rewardGreedy(RewardModel reward) {
    return new ScoringPolicy("reward-greedy", reward::probabilities, 1f);
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
    return p;
  }
}
