package io.goalrank.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PositionDebiasedScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles and mixtures of reward models (issue 20), on untrained networks: the arithmetic, not the learning. */
class CompositeRewardModelTest {
  private static final int ITEMS = 40;
  private static final int N = 8;
  private static final int L = 3;
  private static final ModelConfig CONFIG = ModelConfig.preset("tiny", ITEMS, 5, L);

  private static RequestBatch batch() {
    Random rnd = new Random(20);
    int b = 3;
    int[][] candidates = new int[b][N];
    int[][] history = new int[b][4];
    byte[][] positive = new byte[b][4];
    float[][] scores = new float[b][N];
    for (int r = 0; r < b; r++) {
      for (int c = 0; c < N; c++) {
        candidates[r][c] = 1 + r * N + c;
        scores[r][c] = (float) rnd.nextGaussian();
      }
      for (int h = 0; h < 4; h++) {
        history[r][h] = 1 + rnd.nextInt(ITEMS - 1);
        positive[r][h] = (byte) rnd.nextInt(2);
      }
    }
    return new RequestBatch(new int[] {0, 1, 2}, new int[] {0, 1, 2}, history, positive, candidates, null, scores);
  }

  private static int[][][] lists() {
    return new int[][][] {{{0, 1, 2}, {7, 6, 5}}, {{3, 1, 4}, {2, 0, 7}}, {{5, 4, 3}, {1, 2, 6}}};
  }

  private static RewardModel list(long seed) {
    return RewardModel.listAware(new NetworkTrainer<>(new ListRewardNetwork(CONFIG), 0f, 0f, 0f, seed));
  }

  private static RewardModel clicks(long seed) {
    return RewardModel.pointwise(new NetworkTrainer<>(new PositionDebiasedScorer(CONFIG), 0f, 0f, 0f, seed));
  }

  @Test
  void anEnsembleRewardsTheMeanLessLambdaTimesTheMembersSpread() {
    RequestBatch batch = batch();
    try (RewardModel a = list(1); RewardModel b = list(2); RewardModel c = list(3)) {
      float[][] ra = a.score(batch, lists());
      float[][] rb = b.score(batch, lists());
      float[][] rc = c.score(batch, lists());
      RewardModel ensemble = RewardModel.composite(new RewardCombination.Ensemble(0.7f), List.of(a, b, c));
      float[][] r = ensemble.score(batch, lists());
      boolean spread = false;
      for (int q = 0; q < 3; q++) {
        for (int k = 0; k < 2; k++) {
          double mean = (ra[q][k] + rb[q][k] + rc[q][k]) / 3.0;
          double var = (Math.pow(ra[q][k] - mean, 2) + Math.pow(rb[q][k] - mean, 2) + Math.pow(rc[q][k] - mean, 2))
              / 3;
          spread |= var > 1e-6;
          assertEquals(mean - 0.7 * Math.sqrt(var), r[q][k], 1e-4, "request " + q + ", list " + k);
        }
      }
      assertTrue(spread, "members with different seeds disagree");
      assertTrue(ensemble.isListAware());
      assertTrue(!ensemble.isTrainedOnLabels());
    }
  }

  @Test
  void aMixtureWeighsItsPointwiseAndListAwareMembers() {
    RequestBatch batch = batch();
    try (RewardModel p = clicks(4); RewardModel l = list(5)) {
      float[][] rp = p.score(batch, lists());
      float[][] rl = l.score(batch, lists());
      float[][] r = RewardModel.composite(new RewardCombination.Mixture(0.25f), List.of(p, l)).score(batch, lists());
      for (int q = 0; q < 3; q++) {
        for (int k = 0; k < 2; k++) {
          assertEquals(0.75 * rp[q][k] + 0.25 * rl[q][k], r[q][k], 1e-5);
        }
      }
      assertThrows(IllegalArgumentException.class,
          () -> RewardModel.composite(new RewardCombination.Mixture(0.5f), List.of(l, p)));
      assertThrows(IllegalArgumentException.class, () -> new RewardCombination.Mixture(1.5f));
      assertThrows(IllegalArgumentException.class, () -> new RewardCombination.Ensemble(-1f));
    }
  }

  @Test
  void aCompositesGreedyListIsItsMembersWhenItHasOneVoice() {
    RequestBatch batch = batch();
    try (RewardModel l = list(6); RewardModel p = clicks(7)) {
      // one list-aware member, no penalty: the list network's own greedy list
      assertArrayEquals(l.greedy(batch, L).lists(),
          RewardModel.composite(new RewardCombination.Ensemble(0f), List.of(l)).greedy(batch, L).lists());
      // one pointwise member: its top-L; a mixture that ignores its list member: the same
      assertArrayEquals(p.greedy(batch, L).lists(),
          RewardModel.composite(new RewardCombination.Ensemble(0f), List.of(p)).greedy(batch, L).lists());
      assertArrayEquals(p.greedy(batch, L).lists(),
          RewardModel.composite(new RewardCombination.Mixture(0f), List.of(p, l)).greedy(batch, L).lists());
    }
  }

  @Test
  void clickProbabilitiesOfAListAwareModelSumToItsListReward() {
    RequestBatch batch = batch();
    try (RewardModel a = list(8); RewardModel b = list(9)) {
      float[][] r = a.score(batch, lists());
      float[][][] p = a.clickProbabilities(batch, lists());
      for (int q = 0; q < 3; q++) {
        for (int k = 0; k < 2; k++) {
          assertEquals(r[q][k], p[q][k][0] + p[q][k][1] + p[q][k][2], 1e-5);
        }
      }
      float[][][] pb = b.clickProbabilities(batch, lists());
      float[][][] pe = RewardModel.composite(new RewardCombination.Ensemble(2f), List.of(a, b))
          .clickProbabilities(batch, lists());
      assertEquals((p[1][0][2] + pb[1][0][2]) / 2, pe[1][0][2], 1e-6);
    }
  }

  @Test
  void aSavedMixtureLoadsWithItsMembersAndScoresTheSame(@TempDir Path dir) throws Exception {
    RequestBatch batch = batch();
    try (RewardModel p = clicks(10); RewardModel l = list(11)) {
      saveMember(dir.resolve("pointwise"), "click-reward", p);
      saveMember(dir.resolve("list"), "list-reward", l);
      RewardModel mixture = RewardModel.composite(new RewardCombination.Mixture(0.4f), List.of(p, l));
      mixture.saveComposite(dir, Map.of("dataset", "test"));
      float[][] before = mixture.score(batch, lists());
      assertEquals("mixture-reward", Checkpoint.read(dir).kind());
      try (RewardModel loaded = RewardModel.load(dir)) {
        assertEquals(0.4f, ((RewardCombination.Mixture) loaded.combination()).listWeight());
        for (int q = 0; q < 3; q++) {
          assertArrayEquals(before[q], loaded.score(batch, lists())[q], 1e-5f);
        }
      }
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir).newBlock());
    assertTrue(e.getMessage().contains("members"), e.getMessage());
  }

  @Test
  void aSavedEnsembleLoadsWithItsMembersAndScoresTheSame(@TempDir Path dir) throws Exception {
    RequestBatch batch = batch();
    try (RewardModel a = list(10); RewardModel b = list(11)) {
      saveMember(dir.resolve("member-0"), "list-reward", a);
      saveMember(dir.resolve("member-1"), "list-reward", b);
      RewardModel ensemble = RewardModel.composite(new RewardCombination.Ensemble(0.4f), List.of(a, b));
      ensemble.saveComposite(dir, Map.of("dataset", "test"));
      float[][] before = ensemble.score(batch, lists());
      assertEquals("ensemble-reward", Checkpoint.read(dir).kind());
      try (RewardModel loaded = RewardModel.load(dir)) {
        assertEquals(0.4f, ((RewardCombination.Ensemble) loaded.combination()).penalty());
        for (int q = 0; q < 3; q++) {
          assertArrayEquals(before[q], loaded.score(batch, lists())[q], 1e-5f);
        }
      }
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir).newBlock());
    assertTrue(e.getMessage().contains("members"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RewardCombination.Ensemble(-1f));
  }

  private static void saveMember(Path dir, String kind, RewardModel model) throws Exception {
    // the member's block, reached as the trainers reach it: through a fresh save of its network
    var field = RewardModel.class.getDeclaredField("net");
    field.setAccessible(true);
    NetworkTrainer<?> net = (NetworkTrainer<?>) field.get(model);
    new Checkpoint(kind, CONFIG, Map.of()).save(dir, net.block());
  }
}
