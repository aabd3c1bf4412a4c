package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.train.GoalRankTrainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's claim on the simulator, where the truth is known, as far as it holds without a label leak: a GoalRank
 * generator trained against a learned reward model reaches a clearly higher mean <em>true</em> utility on held-out
 * users than every auxiliary policy of its group but MF order (popularity, random, the DNN and its Plackett–Luce
 * samples) and than the logging policy, and ties MF order.
 *
 * <p>The configuration is the demo's default (docs/RESULTS.md): a pointwise, position-debiased reward model
 * trained on 32 simulated impressions per request, popularity-matched negatives, every network reading the
 * retriever's score, and a sharp reference (τ = 0.1). This test used to ask GoalRank to beat MF order by 0.03 with
 * retriever negatives; there the ground-truth items forced into the candidates have the lowest retriever scores,
 * so the score gave them away, and without that leak the gap to MF order is 0.005 (measured on seed 999). With
 * the paper's reward model on the candidate labels the claim does not hold on this simulator (see RESULTS.md).
 */
class GoalRankBeatsItsGroupOnTrueUtilityTest {

  @Test
  void goalRankBeatsTheGroupButMfOrderAndTheLoggingPolicyOnTrueUtilityAndTiesMfOrder() throws Exception {
    long seed = 999;
    MfRetriever.Options d = MfRetriever.Options.defaults(seed);
    PreparedDataset data = Workflow.simulate(SimulatorConfig.builder().users(900).items(300).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(20).optNegatives(ProtocolConfig.NegativeSampling.MATCHED).optSeed(seed)
            .build(),
        new MfRetriever.Options(d.dim(), 20, d.batchSize(), d.learningRate(), d.weightDecay(), seed));
    TrainingSettings s = TrainingSettings.impressionSetting().toBuilder().optSeed(seed).build();
    GroupSpec group = s.group();
    assertTrue(group.count("mf-order") > 0 && group.count("dnn-pl") > 0, "the default group: " + group);
    try (RewardModel reward = Workflow.trainReward(data, s, null);
        NetworkTrainer<ScoringNetwork> dnn = Workflow.trainScorer(data, "dnn", "tiny", 12, s, seed + 2, null)) {
      ScoreCache dnnScores = Workflow.cache(data, dnn);
      GoalRankTrainer.Fitted fitted = Workflow.trainGoalRank(data, reward, dnnScores, s, null);
      try (var generator = fitted.network()) {
        List<RankingPolicy> others = new ArrayList<>(Workflow.heuristics(data, seed)); // incl. the logging policy
        others.add(new ScoringPolicy("dnn", dnnScores, 1f));
        others.add(new SampledPolicy(new ScoringPolicy("dnn-pl", dnnScores, 1f), seed));
        List<RankingPolicy> policies = new ArrayList<>(others);
        policies.add(Workflow.generatorPolicy(generator));
        List<EvaluationResult> results = Workflow.evaluate(data, policies, Workflow.utilities(data, reward),
            Split.TEST, false);
        EvaluationResult goalRank = results.get(results.size() - 1);
        StringBuilder table = new StringBuilder();
        for (EvaluationResult r : results) {
          table.append(String.format("%-16s true-utility %.4f reward %.4f%n", r.policy(), r.mean("true-utility"),
              r.mean("reward")));
        }
        System.out.print(table);
        assertTrue(results.stream().map(EvaluationResult::policy).toList().contains("logging-policy"), table::toString);
        for (EvaluationResult r : results.subList(0, results.size() - 1)) {
          double gap = goalRank.mean("true-utility") - r.mean("true-utility");
          if (r.policy().equals("mf-order")) {
            // measured +0.005: a tie, not a win
            assertTrue(gap > -0.02, "true utility: GoalRank fell behind MF order\n" + table);
          } else {
            // measured +0.19 (logging policy) to +0.63 (random)
            assertTrue(gap > 0.1, "true utility: GoalRank vs " + r.policy() + "\n" + table);
          }
        }
      }
    }
  }

  /** One Plackett–Luce sample per request from a scorer: what {@code dnn-pl} contributes to the group. */
  private record SampledPolicy(ScoringPolicy scorer, long seed) implements RankingPolicy {
    @Override
    public String name() {
      return scorer.name();
    }

    @Override
    public io.goalrank.core.RankedLists rank(io.goalrank.core.RequestBatch batch, int listLength) {
      var sampled = scorer.sample(batch, listLength, 1, seed);
      int[][] lists = new int[batch.size()][];
      for (int r = 0; r < lists.length; r++) {
        lists[r] = sampled.lists()[r][0];
      }
      return io.goalrank.core.RankedLists.of(lists);
    }
  }
}
