package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.sim.SimulatorUtility;
import io.goalrank.train.GoalRankTrainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group-relative training in miniature, end to end on simulated logs (small models, fixed seeds). The trained
 * generator must (1) raise its list reward r̂ far above the same network untrained, (2) beat every heuristic member
 * of its group and the logging policy on r̂ and on held-out N@6, and (3) reach the best learned member of its group
 * (the greedy DNN scorer) on r̂ within 2%. It is not required to surpass that member: in this small setting it
 * does not (docs/RESULTS.md), and a test that demanded it would be asserting a hope.
 *
 * <p>True utility is computed and printed but not asserted: on the simulator's default logs, even the list made
 * of the labelled items themselves has lower true utility than MF order (docs/RESULTS.md, "What the simulator
 * shows"), so no label-trained policy can be required to win on it.
 */
class GoalRankOnSimulatorTest {

  @Test
  void trainedGeneratorLearnsFromItsGroupAndBeatsTheHeuristicsAndTheLoggingPolicy() throws Exception {
    long seed = 7;
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(900).items(300).interactionsPerUser(30, 50).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(10).optSeed(seed).build(),
        new MfRetriever.Options(32, 5, 4096, 5e-3f, 1e-5f, seed));
    TrainingSettings s = TrainingSettings.builder().optGeneratorSize("tiny").optRewardSize("tiny")
        .optDnnSize("tiny").optRewardEpochs(12).optDnnEpochs(12).optGeneratorEpochs(12).optPatience(4)
        .optBatchSize(64).optLearningRate(2e-3f).optRewardLearningRate(2e-3f).optSeed(seed).build();
    try (RewardModel reward = Workflow.trainReward(data, s, null);
        NetworkTrainer<ScoringNetwork> dnn = Workflow.trainScorer(data, "dnn", "tiny", 12, s, seed + 2, null)) {
      ScoreCache dnnScores = Workflow.cache(data, dnn);
      GoalRankTrainer.Fitted fitted = Workflow.trainGoalRank(data, reward, dnnScores, s, null);
      try (var generator = fitted.network()) {
        List<RankingPolicy> policies = new ArrayList<>(Workflow.heuristics(data, seed));
        policies.add(new ScoringPolicy("dnn", dnnScores, 1f));
        policies.add(Workflow.generatorPolicy(generator));
        List<EvaluationResult> results = Workflow.evaluate(data, policies,
            List.of(reward, new SimulatorUtility(Workflow.simulatorOf(data), data.userIds(), data.itemIds())),
            Split.TEST, false);
        EvaluationResult goalRank = results.get(results.size() - 1);
        double untrained;
        try (var fresh = new NetworkTrainer<>(new io.goalrank.model.PointerGenerator(
            Workflow.modelConfig(data, "tiny")), 1e-3f, 0f, 5f, seed)) {
          untrained = Workflow.evaluate(data, List.of(Workflow.generatorPolicy(fresh)), List.of(reward), Split.TEST,
              false).get(0).mean("reward");
        }
        StringBuilder table = new StringBuilder();
        for (EvaluationResult r : results) {
          table.append(String.format("%-16s reward %.4f N@6 %.4f true-utility %.4f%n", r.policy(), r.mean("reward"),
              r.mean("N@6"), r.mean("true-utility")));
        }
        System.out.print(table);
        System.out.printf("untrained generator reward %.4f%n", untrained);
        assertTrue(goalRank.mean("reward") > 2 * untrained, "trained " + goalRank.mean("reward") + " vs untrained "
            + untrained + "\n" + table);
        for (EvaluationResult r : results.subList(0, results.size() - 1)) {
          if (r.policy().equals("dnn")) {
            assertTrue(goalRank.mean("reward") > 0.98 * r.mean("reward"), "reward: GoalRank vs dnn\n" + table);
          } else {
            // heuristics and the logging policy: GoalRank must be clearly better (margins far above seed noise)
            assertTrue(goalRank.mean("reward") > 1.5 * r.mean("reward"), "reward: GoalRank vs " + r.policy() + "\n"
                + table);
            assertTrue(goalRank.mean("N@6") > 1.2 * r.mean("N@6"), "N@6: GoalRank vs " + r.policy() + "\n" + table);
          }
        }
      }
    }
  }
}
