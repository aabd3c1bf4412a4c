package io.goalrank.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatorUtilityTest {
  private final Simulator sim = Simulator.create(SimulatorConfig.builder().users(20).items(200).build());
  // dense orders deliberately unlike the simulator's: dataset user 0 is "u7", item 0 is "i150", ...
  private final IdIndex userIds = IdIndex.of(List.of("u7", "u3", "u12"));
  private final IdIndex itemIds = IdIndex.of(List.of("i150", "i4", "i99", "i23", "i61", "i180", "i8", "i77"));

  private RequestBatch batch() {
    int[][] candidates = {{0, 1, 2, 3, 4, 5, 6, 7}, {7, 6, 5, 4, 3, 2, 1, 0}};
    return new RequestBatch(new int[] {10, 11}, new int[] {2, 0}, new int[][] {{}, {}},
        new byte[][] {{}, {}}, candidates, null, null);
  }

  @Test
  void scoresEqualTheSimulatorsTrueUtilityAfterMappingIds() {
    SimulatorUtility utility = new SimulatorUtility(sim, userIds, itemIds);
    assertEquals("true-utility", utility.name());
    int[][][] lists = {{{0, 1, 2}, {5, 3, 7}}, {{0, 1, 2}}};
    float[][] scores = utility.score(batch(), lists);
    // request 0: user "u12", slots 0,1,2 → items i150, i4, i99; slots 5,3,7 → i180, i23, i77
    assertEquals((float) sim.trueUtility(12, new int[] {150, 4, 99}), scores[0][0], 1e-6f);
    assertEquals((float) sim.trueUtility(12, new int[] {180, 23, 77}), scores[0][1], 1e-6f);
    // request 1: user "u7", reversed candidates: slots 0,1,2 → i77, i8, i180
    assertEquals((float) sim.trueUtility(7, new int[] {77, 8, 180}), scores[1][0], 1e-6f);
    assertNotEquals(scores[0][0], scores[1][0]);
  }

  @Test
  void itsArgmaxIsTheGreedyTrueUtilityOracleAndBeatsOtherLists() {
    SimulatorUtility utility = new SimulatorUtility(sim, userIds, itemIds);
    RankedLists argmax = utility.greedyPolicy().rank(batch(), 3);
    RankedLists oracle = new TrueUtilityOracle(sim, userIds, itemIds).rank(batch(), 3);
    for (int r = 0; r < 2; r++) {
      assertArrayEquals(oracle.lists()[r], argmax.lists()[r], "request " + r);
      float best = utility.score(batch(), new int[][][] {{argmax.lists()[0]}, {argmax.lists()[1]}})[r][0];
      float other = utility.score(batch(), new int[][][] {{{0, 1, 2}}, {{0, 1, 2}}})[r][0];
      org.junit.jupiter.api.Assertions.assertTrue(best >= other, "the argmax is at least as good as slots 0, 1, 2");
    }
  }

  @Test
  void unknownRawIdsFailLoudly() {
    IdIndex strangeItems = IdIndex.of(List.of("i150", "movie-4", "i007", "i9999", "i4", "i5", "i6", "i7"));
    SimulatorUtility utility = new SimulatorUtility(sim, userIds, strangeItems);
    int[][][] lists = {{{0, 1}}, {{0}}};
    assertThrows(IllegalArgumentException.class, () -> utility.score(batch(), lists));
  }

  @Test
  void loggingPolicyIsReproducibleAndMatchesTheSimulator() {
    LoggingPolicy policy = new LoggingPolicy(sim, userIds, itemIds, 99L);
    assertEquals("logging-policy", policy.name());
    RankedLists a = policy.rank(batch(), 4);
    RankedLists b = policy.rank(batch(), 4);
    assertArrayEquals(a.lists()[0], b.lists()[0]);
    assertArrayEquals(a.lists()[1], b.lists()[1]);
    // request 10 on its own gets the same list as inside the batch
    int[] simCandidates = {150, 4, 99, 23, 61, 180, 8, 77};
    int[] direct = sim.loggingPolicyList(12, simCandidates, 4, new Random(Simulator.mix(99L, 10)));
    assertArrayEquals(direct, a.lists()[0]);
  }
}
