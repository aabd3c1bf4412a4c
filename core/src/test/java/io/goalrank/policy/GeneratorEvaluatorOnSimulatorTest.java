package io.goalrank.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import org.junit.jupiter.api.Test;

/**
 * G-E over a trained DNN on a small simulated dataset. Only what must hold is asserted: with the DNN's greedy list
 * among the proposals, the chosen list's r̂ is at least the greedy list's on every request (a max over a superset).
 * Whether sampling alone beats greedy is printed, not asserted — the greedy list need not be among the samples.
 */
class GeneratorEvaluatorOnSimulatorTest {

  @Test
  void geWithTheGreedyListIsNeverWorseThanGreedyUnderTheEvaluator() throws Exception {
    long seed = 11;
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(300).items(150).interactionsPerUser(30, 40).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(10).optSeed(seed).build(),
        new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, seed));
    TrainingSettings s = TrainingSettings.builder().optRewardSize("tiny").optDnnSize("tiny").optRewardEpochs(3)
        .optDnnEpochs(3).optPatience(2).optBatchSize(64).optRewardLearningRate(2e-3f).optSeed(seed).build();
    int listLength = Workflow.listLength(data);
    try (RewardModel reward = Workflow.trainReward(data, s, null);
        NetworkTrainer<ScoringNetwork> dnn = Workflow.trainScorer(data, "dnn", "tiny", 3, s, seed + 2, null)) {
      ScoringPolicy dnnPolicy = new ScoringPolicy("dnn", Workflow.cache(data, dnn), 1f);
      GeneratorEvaluatorPolicy withGreedy = new GeneratorEvaluatorPolicy(dnnPolicy, reward, 8, true, seed);
      GeneratorEvaluatorPolicy samplesOnly = new GeneratorEvaluatorPolicy(dnnPolicy, reward, 8, false, seed);
      double sumGreedy = 0;
      double sumGe = 0;
      double sumSamples = 0;
      int requests = 0;
      for (RequestBatch batch : data.batches(data.indices(Split.TEST), 64)) {
        float[] greedy = reward.scoreOne(batch, dnnPolicy.rank(batch, listLength).lists());
        float[] ge = reward.scoreOne(batch, withGreedy.rank(batch, listLength).lists());
        float[] samples = reward.scoreOne(batch, samplesOnly.rank(batch, listLength).lists());
        for (int b = 0; b < batch.size(); b++) {
          // tolerance: the same list scored inside a [B,K,L] call and a [B,1,L] call may differ by float rounding
          assertTrue(ge[b] >= greedy[b] - 1e-5f, "request " + batch.requestIds()[b] + ": G-E " + ge[b]
              + " < greedy " + greedy[b]);
          sumGreedy += greedy[b];
          sumGe += ge[b];
          sumSamples += samples[b];
          requests++;
        }
      }
      assertTrue(requests > 0, "no test requests");
      System.out.printf("requests %d  dnn greedy r̂ %.4f  %s %.4f  %s %.4f%n", requests, sumGreedy / requests,
          withGreedy.name(), sumGe / requests, samplesOnly.name(), sumSamples / requests);
    }
  }
}
