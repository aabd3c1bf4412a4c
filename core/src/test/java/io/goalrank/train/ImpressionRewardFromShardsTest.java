package io.goalrank.train;

import io.goalrank.model.BlockWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.DataFormatException;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.PositionDebiasedScorer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.LoggingMix;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impression-trained reward models (list-aware and pointwise click models) train from the shown lists and
 * feedback a sharded set's records carry: streamed in record order they equal the models trained on the same
 * impressions in memory in the same order, to the last bit; a set without shown lists is refused naming it.
 */
class ImpressionRewardFromShardsTest {
  private static PreparedDataset data;
  private static Impressions shown;
  private static ModelConfig config;
  private static final ScorerTraining.Options OPTIONS =
      new ScorerTraining.Options("reward", 2, 2, 16, 1e-3f, 0f, 9, null);

  @BeforeAll
  static void prepare() {
    data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(90).interactionsPerUser(20, 30).seed(9).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(10).optSeed(9).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 9));
    shown = ImpressionSimulator.simulate(Workflow.simulatorOf(data), data, 6, 3, 7, LoggingMix.DEFAULT, false);
    config = Workflow.modelConfig(data, "tiny");
  }

  /** The in-memory loop in the dataset's row order (what a one-shard stream with window 1 reads). */
  private static <B extends io.goalrank.model.ImpressionClickModel> ImpressionRewardTraining.Fitted<B> inRowOrder(
      B block, String kind) throws IOException {
    int[] valid = shown.withImpressions(data.indices(Split.VALID));
    return ImpressionRewardTraining.fit(new InMemoryRequests(data, false),
        batchSize -> TrainingRequests.Batches.of(data.batches(valid, batchSize).iterator()), ShownLists.of(shown),
        shown.perRequest(), null, block, kind, OPTIONS, Map.of(), PropensityWeighting.NONE);
  }

  @Test
  void listAndClickModelsFromShardsEqualTheInMemoryOnesBitForBit(@TempDir Path tmp) throws IOException {
    ShardedTrainingRequests streamed =
        ShardedTrainingRequests.of(PreparedShards.write(data, shown, tmp, Integer.MAX_VALUE), 1);
    assertEquals(3, streamed.impressionsPerRequest());
    var a = inRowOrder(new ListRewardNetwork(config), "list-reward");
    var b = ImpressionRewardTraining.fit(streamed, config, OPTIONS, Map.of());
    try (var na = a.network(); var nb = b.network()) {
      assertArrayEquals(BlockWeights.flat(na.block()), BlockWeights.flat(nb.block()), "list-aware");
      assertEquals(a.result().lastSummary(), b.result().lastSummary());
      assertTrue(b.result().lastSummary().contains("valid logloss"), b.result().lastSummary());
    }
    var c = inRowOrder(new PositionDebiasedScorer(config), "click-reward");
    var d = ImpressionRewardTraining.fitPointwise(streamed, config, OPTIONS, Map.of());
    try (var nc = c.network(); var nd = d.network()) {
      assertArrayEquals(BlockWeights.flat(nc.block()), BlockWeights.flat(nd.block()), "pointwise click model");
      assertEquals(c.result().lastSummary(), d.result().lastSummary());
    }
  }

  @Test
  void aSetWithoutShownListsIsRefused(@TempDir Path tmp) throws IOException {
    ShardedTrainingRequests none = ShardedTrainingRequests.of(PreparedShards.write(data, null, tmp, 40), 4);
    var e = assertThrows(DataFormatException.class,
        () -> ImpressionRewardTraining.fit(none, config, OPTIONS, Map.of()));
    assertTrue(e.getMessage().contains(tmp.toString()) && e.getMessage().contains("have no shown lists"),
        e.getMessage());
  }
}
