package io.goalrank.workflow;

import io.goalrank.model.BlockWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.group.GroupSpec;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.sim.SimulatorUtility;
import io.goalrank.train.GoalRankTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GoalRank run that dies in the middle of an epoch and is started again gives the same model as one that was
 * never interrupted: the same weights to the last bit and the same validation score. The generator has dropout
 * (0.1) and Adam, so this holds only if the optimiser's moments, the step count and the engine's random draws are
 * all restored.
 */
class ExactResumeTest {

  /** The simulator's utility, made to fail on call {@code failAt} as a killed process would stop. */
  private static final class Dying implements ListUtility {
    private final ListUtility inner;
    private final AtomicInteger calls = new AtomicInteger();
    private final int failAt;

    Dying(ListUtility inner, int failAt) {
      this.inner = inner;
      this.failAt = failAt;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public float[][] score(RequestBatch batch, int[][][] lists) {
      if (calls.incrementAndGet() == failAt) {
        throw new IllegalStateException("killed");
      }
      return inner.score(batch, lists);
    }
  }

  @Test
  void aRunKilledMidEpochAndResumedEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
    long seed = 5;
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(260).items(120).interactionsPerUser(25, 35).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(5).optSeed(seed).build(),
        new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, seed));
    TrainingSettings s = TrainingSettings.builder().optGeneratorSize("tiny").optGeneratorEpochs(3).optPatience(3)
        .optBatchSize(32).optLearningRate(2e-3f).optGroup(GroupSpec.parse("mf-order:1,random:2,generator:3"))
        .optSeed(seed).build();
    ListUtility utility = new SimulatorUtility(Workflow.simulatorOf(data), data.userIds(), data.itemIds());

    Dying counting = new Dying(utility, -1);
    float[] straight;
    double straightScore;
    GoalRankTrainer.Fitted a = Workflow.trainGoalRank(data, counting, Map.of(), s, tmp.resolve("straight"));
    try (var net = a.network()) {
      straight = BlockWeights.flat(net.block());
      straightScore = a.result().bestScore();
    }
    int calls = counting.calls.get();

    Path dir = tmp.resolve("killed");
    // half-way through the calls of three epochs is inside the second epoch
    assertThrows(IllegalStateException.class,
        () -> Workflow.trainGoalRank(data, new Dying(utility, calls / 2), Map.of(), s, dir));
    Path checkpoints = dir.resolve("checkpoints");
    assertTrue(Files.isDirectory(checkpoints.resolve("last-1")), "epoch 1's resume point is on disk");
    assertFalse(Files.exists(checkpoints.resolve("last-2")), "the run died before epoch 2 ended");

    GoalRankTrainer.Fitted b = Workflow.trainGoalRank(data, utility, Map.of(), s, dir);
    try (var net = b.network()) {
      assertArrayEquals(straight, BlockWeights.flat(net.block()), "resumed weights differ from the uninterrupted run's");
      assertEquals(straightScore, b.result().bestScore(), 0.0);
    }
    assertEquals(List.of("last-3"), resumeFolders(checkpoints), "only the newest resume point is kept");
  }


  private static List<String> resumeFolders(Path dir) throws Exception {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("last")).sorted().toList();
    }
  }
}
