package io.goalrank.spark.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.data.shard.RequestRecord;
import io.goalrank.data.shard.RequestScores;
import io.goalrank.data.shard.ScoreFile;
import io.goalrank.data.shard.ShardFile;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.model.CandidateScorer;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.spark.SparkTestSession;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline scores written on Spark are the reward model's own, request by request, pointwise and list-aware. */
class OfflineScoringTest {
  private static final int BATCH = 8;
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static PreparedDataset data;
  private static Path shards;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    data = Workflow.simulate(
        SimulatorConfig.builder().users(70).items(60).interactionsPerUser(15, 25).seed(31).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(5).optSeed(31).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 31));
    shards = tmp.resolve("requests");
    PreparedShards.write(data, null, shards, 25);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** An untrained reward model of {@code kind}, saved as its trainer saves one. */
  private static Path save(String kind, Block block, ModelConfig config) throws IOException {
    Path dir = tmp.resolve(kind);
    try (var net = new NetworkTrainer<>(block, 0f, 0f, 0f, 31)) {
      new Checkpoint(kind, config, Map.of()).save(dir, net.block(), data.itemIds().rawIds());
    }
    return dir;
  }

  private static void check(Path model) throws IOException {
    Path out = tmp.resolve("scores-" + model.getFileName());
    long n = new OfflineScoring(spark).score(shards, out, new OfflineScoring.Settings(model, 6, BATCH));
    assertEquals(data.size(), n);
    ShardedRequests set = ShardedRequests.open(shards);
    int seen = 0;
    try (RewardModel reward = RewardModel.load(model)) {
      for (Path shard : set.shards()) {
        List<RequestScores> expected = new ArrayList<>();
        try (ShardFile.Reader in = ShardFile.reader(shard)) {
          List<RequestRecord> batch = new ArrayList<>();
          while (in.hasNext()) {
            batch.add(in.next());
            if (batch.size() == BATCH || !in.hasNext()) {
              List<RequestScores> scores = OfflineScoring.score(reward, batch, 6);
              // and independently of the shard path: core's batch of the same dataset rows
              float[][] p = reward.probabilities(data.batch(batch.stream().mapToInt(r -> (int) r.id()).toArray()));
              for (int b = 0; b < batch.size(); b++) {
                assertArrayEquals(p[b], scores.get(b).probabilities(), "request " + batch.get(b).id());
              }
              expected.addAll(scores);
              batch.clear();
            }
          }
        }
        try (ScoreFile.Reader in = ScoreFile.reader(ScoreFile.of(out, shard))) {
          assertEquals(OfflineScoring.LISTS, in.listNames());
          for (RequestScores e : expected) {
            assertTrue(in.hasNext(), "a score per request of " + shard);
            RequestScores got = in.next();
            assertEquals(e, got, "request " + e.id());
            // r̂'s greedy list is its best: never below the earlier stage's order
            assertTrue(got.listRewards()[0] >= got.listRewards()[1] - 1e-6 || reward.isListAware(), got.toString());
            seen++;
          }
          assertTrue(!in.hasNext(), "no score beyond the shard's requests");
        }
      }
    }
    assertEquals(data.size(), seen);
  }

  @Test
  void pointwiseRewardModel() throws IOException {
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 10, 6);
    check(save("reward", new CandidateScorer(config), config));
  }

  @Test
  void listAwareRewardModel() throws IOException {
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 10, 6);
    check(save("list-reward", new ListRewardNetwork(config), config));
  }
}
