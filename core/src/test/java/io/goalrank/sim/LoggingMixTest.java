package io.goalrank.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoggingMixTest {
  private static final Simulator SIM = Simulator.create(SimulatorConfig.builder().users(5).items(20)
      .interactionsPerUser(1, 2).seed(7).build());
  private static final int[] ITEMS = {3, 8, 11, 15, 19};

  @Test
  void parsesOrdersTemperaturesAndSharesAndPrintsTheSameSpelling() {
    LoggingMix mix = LoggingMix.parse("logging:0.5, logging@3:0.25,uniform:0.25");
    assertEquals(3, mix.policies().size());
    assertEquals(LoggingMix.Order.LOGGING, mix.policies().get(1).order());
    assertEquals(3.0, mix.policies().get(1).temperature());
    assertEquals(0.25, mix.policies().get(2).share());
    assertEquals(mix, LoggingMix.parse(mix.toString()));
    assertTrue(LoggingMix.parse("logging").isDefault());
    assertThrows(IllegalArgumentException.class, () -> LoggingMix.parse("greedy:1"));
    assertThrows(IllegalArgumentException.class, () -> LoggingMix.parse("logging@x"));
    assertThrows(IllegalArgumentException.class, () -> LoggingMix.parse("logging:0"));
  }

  @Test
  void theDefaultMixShowsTheSimulatorsOwnListsFromTheSameStream() {
    for (int seed = 0; seed < 20; seed++) {
      assertArrayEquals(SIM.loggingPolicyList(2, ITEMS, 3, new Random(seed)),
          LoggingMix.DEFAULT.draw(SIM, 2, ITEMS, 3, new Random(seed)), "seed " + seed);
    }
  }

  @Test
  void propensitiesOfEveryListSumToOneAndMatchHowOftenTheMixShowsThem() {
    LoggingMix mix = LoggingMix.parse("logging:0.5,relevance@0.5:0.3,uniform:0.2");
    int l = 2;
    Map<List<Integer>, Integer> seen = new HashMap<>();
    Random rng = new Random(20);
    int draws = 40_000;
    for (int d = 0; d < draws; d++) {
      int[] list = mix.draw(SIM, 1, ITEMS, l, rng);
      seen.merge(List.of(list[0], list[1]), 1, Integer::sum);
    }
    double total = 0;
    for (int a = 0; a < ITEMS.length; a++) {
      for (int b = 0; b < ITEMS.length; b++) {
        if (a == b) {
          continue;
        }
        double[] log = mix.logPrefixPropensities(SIM, 1, ITEMS, new int[] {a, b});
        double p = Math.exp(log[1]);
        total += p;
        double observed = seen.getOrDefault(List.of(a, b), 0) / (double) draws;
        // 4.5 standard errors of a binomial share, plus a little: fails on a wrong propensity, not on chance
        assertEquals(p, observed, 4.5 * Math.sqrt(p * (1 - p) / draws) + 1e-3, "list " + a + "," + b);
        assertTrue(log[0] >= log[1], "a prefix is at least as likely as its extension");
      }
    }
    assertEquals(1.0, total, 1e-9);
  }

  @Test
  void aUniformPolicyGivesEveryPrefixTheSameProbability() {
    double[] log = LoggingMix.parse("uniform").logPrefixPropensities(SIM, 0, ITEMS, new int[] {4, 0, 2});
    assertEquals(-Math.log(5), log[0], 1e-12);
    assertEquals(-Math.log(5 * 4 * 3), log[2], 1e-12);
  }
}
