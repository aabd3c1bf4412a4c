package io.goalrank.data.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.Evaluator;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator streaming a split from shards gives exactly what it gives on the dataset in memory. */
class StreamedEvaluationTest {

  @Test
  void aSplitStreamedFromShardsEvaluatesAsTheDatasetInMemory(@TempDir Path tmp) throws IOException {
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(150).items(100).interactionsPerUser(20, 30).seed(6).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(10).optSeed(6).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 6));
    ShardedRequests set = PreparedShards.write(data, null, tmp, 23);
    Evaluator evaluator = Evaluator.defaults(16);
    for (RankingPolicy policy : List.of(new RetrieverOrderPolicy(), new PopularityPolicy(data.itemCounts()))) {
      EvaluationResult inMemory = evaluator.evaluate(policy, data, Split.TEST);
      EvaluationResult streamed;
      try (ShardedRequests.Records records = set.iterator()) {
        streamed = evaluator.evaluate(policy, set.batches(Split.TEST, 16, records), 0);
      }
      assertEquals(inMemory.perRequest().keySet(), streamed.perRequest().keySet(), policy.name());
      for (String column : inMemory.perRequest().keySet()) {
        assertArrayEquals(inMemory.perRequest().get(column), streamed.perRequest().get(column),
            policy.name() + " " + column);
      }
      assertEquals(inMemory.means(), streamed.means(), policy.name());
    }
  }

  @Test
  void workflowEvaluationOfShardsMatchesThePreparedFileForEveryPolicyAndUtility(@TempDir Path tmp)
      throws IOException {
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(90).interactionsPerUser(20, 30).seed(8).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(10).optSeed(8).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 8));
    ShardedRequests set = PreparedShards.write(data, null, tmp, 19);
    // what `evaluate --shards` builds from the header alone: heuristics (with the simulator's logging policy),
    // oracles and the simulator's true utility
    PreparedDataset header = set.header().withoutRequests();
    assertEquals(0, header.size(), "no request is loaded");
    List<RankingPolicy> fromHeader = new java.util.ArrayList<>(Workflow.heuristics(header, 5));
    fromHeader.addAll(Workflow.oracles(header));
    List<RankingPolicy> fromFile = new java.util.ArrayList<>(Workflow.heuristics(data, 5));
    fromFile.addAll(Workflow.oracles(data));
    List<io.goalrank.core.ListUtility> utilities = List.of(new io.goalrank.sim.SimulatorUtility(
        Workflow.simulatorOf(header), header.userIds(), header.itemIds()));
    for (Split split : List.of(Split.TEST, Split.VALID)) {
      List<EvaluationResult> inMemory = Workflow.evaluate(data, fromFile, utilities, split, false);
      List<EvaluationResult> streamed = Workflow.evaluate(set, fromHeader, utilities, split, false);
      assertEquals(fromFile.size(), streamed.size());
      for (int p = 0; p < inMemory.size(); p++) {
        EvaluationResult a = inMemory.get(p);
        EvaluationResult b = streamed.get(p);
        assertEquals(a.policy(), b.policy());
        assertEquals(a.evaluated(), b.evaluated(), a.policy());
        assertEquals(a.excluded(), b.excluded(), a.policy());
        assertTrue(a.evaluated() > 0, a.policy());
        for (String column : a.perRequest().keySet()) {
          assertArrayEquals(a.perRequest().get(column), b.perRequest().get(column), a.policy() + " " + column);
        }
      }
    }
  }
}
