package io.goalrank.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.group.GroupBuilder;
import io.goalrank.group.GroupContext;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.LoggingPolicy;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list-aware reward model and the simulated impressions it learns from. */
class ListRewardModelTest {
  private static final long SEED = 5;
  private static PreparedDataset data;
  private static Simulator sim;

  @BeforeAll
  static void simulate() {
    data = Workflow.simulate(
        SimulatorConfig.builder().users(300).items(150).interactionsPerUser(30, 40).seed(SEED).build(),
        ProtocolConfig.builder().optCoreK(10).optSeed(SEED).build(),
        new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, SEED));
    sim = Workflow.simulatorOf(data);
  }

  @Test
  void impressionsCoverTrainingRequestsOnlyAreDeterministicAndShowPositionBias() {
    Impressions a = ImpressionSimulator.simulate(sim, data, 6, 4, 1);
    Impressions b = ImpressionSimulator.simulate(sim, data, 6, 4, 1);
    double[] clicksAt = new double[6];
    int lists = 0;
    for (int r = 0; r < data.size(); r++) {
      if (data.split(r) == Split.TEST) {
        assertNull(a.lists()[r], "test request " + r + " must not be shown");
        continue;
      }
      assertEquals(4, a.lists()[r].length);
      for (int k = 0; k < 4; k++) {
        assertArrayEquals(a.lists()[r][k], b.lists()[r][k]);
        assertArrayEquals(a.clicks()[r][k], b.clicks()[r][k]);
        assertEquals(6, Arrays.stream(a.lists()[r][k]).distinct().count(), "a shown list repeats an item");
        for (int t = 0; t < 6; t++) {
          float c = a.clicks()[r][k][t];
          assertTrue(c == 0f || c == 1f);
          clicksAt[t] += c;
        }
        lists++;
      }
    }
    assertTrue(lists > 500);
    // examination 1/log2(k+2): the top rank must be clicked clearly more often than the last
    assertTrue(clicksAt[0] > 1.3 * clicksAt[5], Arrays.toString(clicksAt));
    assertTrue(a.meanClicksPerList() > 0 && a.meanClicksPerList() < 6);
  }

  @Test
  void aPositionReadsOnlyTheItemsAboveIt() {
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 20, 6);
    try (NetworkTrainer<ListRewardNetwork> net = new NetworkTrainer<>(new ListRewardNetwork(config), 1e-3f, 0f,
        5f, SEED); NDManager m = net.manager().newSubManager()) {
      RequestBatch batch = data.batch(new int[] {0, 1});
      var enc = net.block().encode(net.parameterStore(), BatchTensors.of(m, batch, 20), false);
      NDArray base = m.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, new Shape(2, 1, 6));
      NDArray changed = m.create(new long[] {0, 1, 2, 30, 4, 5, 6, 7, 8, 31, 10, 11}, new Shape(2, 1, 6));
      float[] x = net.block().clickLogits(net.parameterStore(), enc, base, false).toFloatArray();
      float[] y = net.block().clickLogits(net.parameterStore(), enc, changed, false).toFloatArray();
      for (int t = 0; t < 3; t++) {
        assertEquals(x[t], y[t], 1e-5, "position " + t + " saw a later item");
        assertEquals(x[6 + t], y[6 + t], 1e-5, "position " + t + " saw a later item");
      }
      assertTrue(Math.abs(x[3] - y[3]) > 1e-6, "position 3 ignores its own item");
    }
  }

  @Test
  void trainedListRewardRanksItsGreedyListAboveLoggedListsAndSurvivesSaveAndLoad(@TempDir Path dir)
      throws Exception {
    TrainingSettings s = TrainingSettings.builder().optRewardSize("tiny").optRewardEpochs(3).optPatience(2)
        .optBatchSize(64).optRewardLearningRate(2e-3f).optRewardKind(TrainingSettings.RewardKind.LIST)
        .optImpressionsPerRequest(4).optSeed(SEED).build();
    int[] test = data.indices(Split.TEST);
    RequestBatch batch = data.batch(Arrays.copyOf(test, Math.min(32, test.length)));
    float[] saved;
    try (RewardModel reward = Workflow.trainReward(data, s, dir.resolve("reward"))) {
      assertTrue(reward.isListAware());
      int[][] greedy = reward.greedy(batch, 6).lists();
      int[][] logged = new LoggingPolicy(sim, data.userIds(), data.itemIds(), SEED).rank(batch, 6).lists();
      for (int[] list : greedy) {
        Set<Integer> distinct = new HashSet<>();
        Arrays.stream(list).forEach(distinct::add);
        assertEquals(6, distinct.size(), "greedy list repeats a slot: " + Arrays.toString(list));
      }
      float[] rg = reward.scoreOne(batch, greedy);
      float[] rl = reward.scoreOne(batch, logged);
      double sumGreedy = 0;
      double sumLogged = 0;
      for (int b = 0; b < rg.length; b++) {
        sumGreedy += rg[b];
        sumLogged += rl[b];
      }
      // the greedy list maximises r̂ rank by rank; a logged list is one draw of a noisy policy
      assertTrue(sumGreedy > sumLogged, "greedy " + sumGreedy + " vs logged " + sumLogged);
      saved = rg;
      int[][] greedyAgain = reward.greedy(batch, 6).lists();
      assertArrayEquals(greedy, greedyAgain);
      try (RewardModel loaded = RewardModel.load(dir.resolve("reward"))) {
        assertTrue(loaded.isListAware());
        assertArrayEquals(saved, loaded.scoreOne(batch, greedy), 1e-5f);
      }
    }
    assertTrue(Files.exists(dir.resolve("reward").resolve("model.json")));
  }

  @Test
  void withoutASimulatorTheListRewardLearnsFromTheLoggedLists() {
    // real data has no simulator to show lists: its impressions are the logged lists (LoggedListRewardTest trains on
    // them); with the simulator the logging policy's shown lists are used, several per request
    PreparedDataset real = data.withInfo(java.util.Map.of()).withConfig(io.goalrank.sim.SimulatorConfig.PROVENANCE, null);
    TrainingSettings s = TrainingSettings.builder().optRewardKind(TrainingSettings.RewardKind.LIST)
        .optImpressionsPerRequest(4).build();
    io.goalrank.data.Impressions logged = Workflow.impressions(real, s);
    assertEquals(1, logged.perRequest(), "one logged list per request");
    assertEquals(4, Workflow.impressions(data, s).perRequest(), "simulated impressions per request");
  }

  @Test
  void loggingPolicyIsAGroupSourceOnSimulatedDataOnly() {
    GroupSpec spec = GroupSpec.parse("random:1,logging:3");
    assertEquals(3, spec.count("logging"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new GroupBuilder(spec, GroupContext.builder(6).optItemCounts(data.itemCounts()).build()));
    assertTrue(e.getMessage().contains("logging"), e.getMessage());
    LoggingPolicy logging = new LoggingPolicy(sim, data.userIds(), data.itemIds(), SEED);
    RequestBatch batch = data.batch(new int[] {0, 1, 2});
    int[][][] a = logging.sample(batch, 6, 3, 42).lists();
    int[][][] b = logging.sample(batch, 6, 3, 42).lists();
    assertArrayEquals(a, b);
    GroupBuilder builder = new GroupBuilder(spec, GroupContext.builder(6).optItemCounts(data.itemCounts())
        .optExtra(LoggingPolicy.class, logging).build());
    GroupBuilder.Group group = builder.build(batch, null, 42);
    assertEquals(4, group.size());
    for (int[][] lists : group.lists()) {
      for (int[] list : lists) {
        assertEquals(6, Arrays.stream(list).distinct().count());
      }
    }
  }
}
