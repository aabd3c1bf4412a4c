package io.goalrank.data.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
