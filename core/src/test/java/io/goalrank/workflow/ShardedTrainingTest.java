package io.goalrank.workflow;

import io.goalrank.model.BlockWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.train.GoalRankTrainer;
import io.goalrank.train.InMemoryRequests;
import io.goalrank.train.ShardedTrainingRequests;
import io.goalrank.train.TrainingRequests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from a sharded request set streamed from disk (issue 19). In the same request order the streamed
 * trainers give the in-memory ones' models to the last bit (reward model, auxiliary DNN, GoalRank). In their own
 * order (shards shuffled, records mixed in a bounded window) an epoch still visits every training request once,
 * is the same for the same seed, and holds at most a window and a batch of records however many shards there are.
 */
class ShardedTrainingTest {
  private static PreparedDataset data;
  private static final TrainingSettings SETTINGS = TrainingSettings.builder().optGeneratorSize("tiny")
      .optRewardSize("tiny").optDnnSize("tiny").optRewardEpochs(2).optDnnEpochs(1).optGeneratorEpochs(2)
      .optPatience(2).optBatchSize(16).optGroup(GroupSpec.parse("dnn:1,random:2,generator:2")).optSeed(4).build();

  @BeforeAll
  static void prepare() {
    data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(90).interactionsPerUser(20, 30).seed(4).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(10).optSeed(4).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 4));
  }

  @Test
  void streamedInRecordOrderTrainsTheInMemoryModelsBitForBit(@TempDir Path tmp) throws IOException {
    // one shard and a window of 1: the stream's order is the records' order, i.e. the dataset's rows
    ShardedTrainingRequests streamed = ShardedTrainingRequests.of(
        PreparedShards.write(data, null, tmp, Integer.MAX_VALUE), 1);
    TrainingRequests inMemory = new InMemoryRequests(data, false);
    assertEquals(inMemory.trainSize(), streamed.trainSize());
    RequestBatch probe = data.batches(data.indices(Split.TEST), 64).get(0);

    try (RewardModel a = ShardedTraining.trainReward(inMemory, SETTINGS, null);
        RewardModel b = ShardedTraining.trainReward(streamed, SETTINGS, null);
        NetworkTrainer<ScoringNetwork> dnnA = ShardedTraining.trainScorer(inMemory, "dnn", "tiny", 1, SETTINGS, 6,
            null);
        NetworkTrainer<ScoringNetwork> dnnB = ShardedTraining.trainScorer(streamed, "dnn", "tiny", 1, SETTINGS, 6,
            null)) {
      assertArrayEquals(BlockWeights.concat(a.probabilities(probe)), BlockWeights.concat(b.probabilities(probe)), "reward model");
      assertArrayEquals(BlockWeights.flat(dnnA.block()), BlockWeights.flat(dnnB.block()), "auxiliary DNN");
      GoalRankTrainer.Fitted ga = ShardedTraining.trainGoalRank(inMemory, a, dnnA, SETTINGS, null);
      GoalRankTrainer.Fitted gb = ShardedTraining.trainGoalRank(streamed, b, dnnB, SETTINGS, null);
      try (var na = ga.network(); var nb = gb.network()) {
        assertArrayEquals(BlockWeights.flat(na.block()), BlockWeights.flat(nb.block()), "GoalRank generator");
        assertEquals(ga.result().bestScore(), gb.result().bestScore());
        assertEquals(ga.result().lastSummary(), gb.result().lastSummary());
      }
    }
  }

  @Test
  void theStreamingStagesOnTheDatasetInMemoryTrainWhatTheCachedSingleFileStagesTrainUpToRounding() throws IOException {
    // the same shuffled order; the single-file stages read per-request caches, the streaming ones score per batch
    TrainingRequests shuffled = TrainingRequests.of(data);
    RequestBatch probe = data.batches(data.indices(Split.TEST), 64).get(0);
    try (RewardModel a = Workflow.trainReward(data, SETTINGS, null);
        RewardModel b = ShardedTraining.trainReward(shuffled, SETTINGS, null);
        NetworkTrainer<ScoringNetwork> dnn = Workflow.trainScorer(data, "dnn", "tiny", 1, SETTINGS, 6, null)) {
      assertArrayEquals(BlockWeights.concat(a.probabilities(probe)), BlockWeights.concat(b.probabilities(probe)), "reward model");
      GoalRankTrainer.Fitted ga = Workflow.trainGoalRank(data, a, Workflow.cache(data, dnn), SETTINGS, null);
      GoalRankTrainer.Fitted gb = ShardedTraining.trainGoalRank(shuffled, a, dnn, SETTINGS, null);
      try (var na = ga.network(); var nb = gb.network()) {
        // not to the bit: the caches score 256 requests per call, the stream a training batch (16), and PyTorch's
        // CPU kernels round differently by batch shape (last-bit differences, which training then carries)
        float[] wa = BlockWeights.flat(na.block());
        float[] wb = BlockWeights.flat(nb.block());
        assertEquals(wa.length, wb.length);
        for (int i = 0; i < wa.length; i++) {
          assertEquals(wa[i], wb[i], 1e-4f, "GoalRank weight " + i + ": caches or scores per batch");
        }
      }
    }
  }

  @Test
  void anEpochVisitsEveryTrainingRequestOnceWithMemoryBoundedByWindowAndBatch(@TempDir Path tmp)
      throws IOException {
    int window = 8;
    int batch = 16;
    List<Integer> peaks = new ArrayList<>();
    for (int perShard : new int[] {40, 7}) { // a few shards, then many
      ShardedRequests set = PreparedShards.write(data, null, tmp.resolve("per-" + perShard), perShard);
      ShardedTrainingRequests requests = ShardedTrainingRequests.of(set, window);
      List<Integer> first = epochOrder(requests, batch, 11);
      assertEquals(requests.trainSize(), first.size());
      Set<Integer> train = new HashSet<>();
      for (int r : data.indices(Split.TRAIN)) {
        train.add(r);
      }
      assertEquals(train, new HashSet<>(first), "every training request, once");
      assertEquals(first, epochOrder(requests, batch, 11), "the same seed, the same order");
      assertNotEquals(first, epochOrder(requests, batch, 12), "another epoch, another order");
      assertTrue(requests.peakRecordsHeld() <= window + batch, "held " + requests.peakRecordsHeld());
      peaks.add(requests.peakRecordsHeld());
    }
    assertTrue(ShardedRequests.open(tmp.resolve("per-7")).shards().size()
        > 4 * ShardedRequests.open(tmp.resolve("per-40")).shards().size());
    assertEquals(peaks.get(0), peaks.get(1), "memory does not grow with the number of shards");
  }

  @Test
  void shuffledStreamTrainsDeterministically(@TempDir Path tmp) throws IOException {
    ShardedRequests set = PreparedShards.write(data, null, tmp, 30);
    float[] first;
    try (NetworkTrainer<ScoringNetwork> a = ShardedTraining.trainScorer(ShardedTrainingRequests.of(set, 8), "dnn",
        "tiny", 2, SETTINGS, 6, null)) {
      first = BlockWeights.flat(a.block());
    }
    try (NetworkTrainer<ScoringNetwork> b = ShardedTraining.trainScorer(ShardedTrainingRequests.of(set, 8), "dnn",
        "tiny", 2, SETTINGS, 6, null)) {
      assertArrayEquals(first, BlockWeights.flat(b.block()));
    }
  }

  @Test
  void aSetWithoutValidationRequestsIsRefusedNamingIt(@TempDir Path tmp) throws IOException {
    var records = PreparedShards.records(data, null);
    List<io.goalrank.data.shard.RequestRecord> kept = new ArrayList<>();
    records.forEachRemaining(r -> {
      if (r.split() != Split.VALID) {
        kept.add(r);
      }
    });
    ShardedRequests set = ShardedRequests.write(tmp, io.goalrank.data.shard.ShardHeader.of(data), kept.iterator(),
        50);
    var e = assertThrows(io.goalrank.data.DataFormatException.class, () -> ShardedTrainingRequests.of(set, 4));
    assertTrue(e.getMessage().contains(tmp.toString()) && e.getMessage().contains("no validation requests"),
        e.getMessage());
  }

  @Test
  void aRequestIdRepeatedAcrossShardsIsRefusedNamingIt(@TempDir Path tmp) throws IOException {
    List<io.goalrank.data.shard.RequestRecord> twice = new ArrayList<>();
    PreparedShards.records(data, null).forEachRemaining(twice::add);
    io.goalrank.data.shard.RequestRecord first = twice.get(0);
    twice.add(first); // lands in the last shard, far from the first copy
    ShardedRequests set = ShardedRequests.write(tmp, io.goalrank.data.shard.ShardHeader.of(data), twice.iterator(),
        50);
    assertTrue(set.shards().size() > 1, "the repeat must be in another shard");
    var e = assertThrows(io.goalrank.data.DataFormatException.class, () -> ShardedTrainingRequests.of(set, 4));
    assertTrue(e.getMessage().contains(tmp.toString())
        && e.getMessage().contains("request id " + first.id() + " appears more than once"), e.getMessage());
  }

  @Test
  void theTeacherRefreshIsRefusedFromShardsNotIgnored(@TempDir Path tmp) throws IOException {
    ShardedTrainingRequests requests = ShardedTrainingRequests.of(PreparedShards.write(data, null, tmp, 50), 4);
    TrainingSettings refreshing = SETTINGS.toBuilder().optRewardKind(TrainingSettings.RewardKind.CLICKS)
        .optTeacher(TeacherOptions.DEFAULT.withRefresh(OnPolicyRefresh.builder().optEveryEpochs(2).build())).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> ShardedTraining.trainGoalRank(requests, null, null, refreshing, null));
    assertTrue(e.getMessage().contains("--teacher-refresh"), e.getMessage());
  }

  @Test
  void theCompositeKindsAndPropensityWeightingAreRefusedFromShards(@TempDir Path tmp) throws IOException {
    ShardedTrainingRequests requests = ShardedTrainingRequests.of(PreparedShards.write(data, null, tmp, 50), 4);
    TrainingSettings ensemble = SETTINGS.toBuilder().optRewardKind(TrainingSettings.RewardKind.ENSEMBLE).build();
    var e = assertThrows(IllegalArgumentException.class, () -> ShardedTraining.trainReward(requests, ensemble,
        null));
    assertTrue(e.getMessage().contains("ensemble is not trained from shards yet"), e.getMessage());
    TrainingSettings weighted = SETTINGS.toBuilder().optRewardKind(TrainingSettings.RewardKind.LIST)
        .optTeacher(TeacherOptions.DEFAULT.withPropensity(new io.goalrank.train.PropensityWeighting(
            io.goalrank.train.PropensityWeighting.Mode.PREFIX, 10f))).build();
    e = assertThrows(IllegalArgumentException.class, () -> ShardedTraining.trainReward(requests, weighted, null));
    assertTrue(e.getMessage().contains("--propensity"), e.getMessage());
  }

  private static List<Integer> epochOrder(ShardedTrainingRequests requests, int batch, long seed)
      throws IOException {
    List<Integer> ids = new ArrayList<>();
    try (TrainingRequests.Batches batches = requests.epoch(batch, seed)) {
      while (batches.hasNext()) {
        RequestBatch b = batches.next();
        assertTrue(b.size() <= batch);
        for (int id : b.requestIds()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
