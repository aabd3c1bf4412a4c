package io.goalrank.workflow;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.Evaluator;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.LoggingPolicy;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorUtility;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run compares and how: the heuristic and reference rows, the list utilities to report, the trained
 * generator as a ranking policy, and the evaluation of every policy on the same requests.
 */
public final class Evaluation {
  private Evaluation() {}

  /** The heuristics, plus the logging policy when the data is simulated. */
  public static List<RankingPolicy> heuristics(PreparedDataset data, long seed) {
    List<RankingPolicy> out = new ArrayList<>();
    out.add(new RandomPolicy(seed));
    out.add(new PopularityPolicy(data.itemCounts()));
    out.add(new RetrieverOrderPolicy());
    Simulator sim = SimulatedData.simulatorOf(data);
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
    Simulator sim = SimulatedData.simulatorOf(data);
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
    Simulator sim = SimulatedData.simulatorOf(data);
    if (sim != null) {
      out.add(new SimulatorUtility(sim, data.userIds(), data.itemIds()));
    }
    return out;
  }

  public static List<EvaluationResult> evaluate(PreparedDataset data, List<RankingPolicy> policies,
      List<ListUtility> utilities, Split split, boolean progress) {
    Evaluator evaluator = new Evaluator(ModelShapes.listLength(data), ModelShapes.listLength(data), 256, utilities, progress);
    List<EvaluationResult> out = new ArrayList<>();
    for (RankingPolicy p : policies) {
      out.add(evaluator.evaluate(p, data, split));
    }
    return out;
  }

  /**
   * {@link #evaluate(PreparedDataset, List, List, Split, boolean)} on a split streamed from a sharded request set:
   * one pass over the shards per policy, one batch in memory (docs/SHARDS.md). Same batches (256, in record order)
   * and so the same per-request metrics as the dataset the set was converted from.
   */
  public static List<EvaluationResult> evaluate(ShardedRequests set, List<RankingPolicy> policies,
      List<ListUtility> utilities, Split split, boolean progress) throws IOException {
    PreparedDataset header = set.header().withoutRequests();
    Evaluator evaluator = new Evaluator(ModelShapes.listLength(header), ModelShapes.listLength(header), 256,
        utilities, progress);
    int total = requests(header, split);
    List<EvaluationResult> out = new ArrayList<>();
    for (RankingPolicy p : policies) {
      try (ShardedRequests.Records records = set.iterator()) {
        out.add(evaluator.evaluate(p, set.batches(split, 256, records), total));
      }
    }
    return out;
  }

  /** The number of {@code split} requests the header's statistics record (for progress only; 0 when unknown). */
  static int requests(PreparedDataset header, Split split) {
    try {
      return Integer.parseInt(header.info().getOrDefault("stats.requests." + split.name().toLowerCase(), "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public static GeneratorPolicy generatorPolicy(NetworkTrainer<io.goalrank.model.PointerGenerator> net) {
    return new GeneratorPolicy("goalrank", net, 1f);
  }

}
