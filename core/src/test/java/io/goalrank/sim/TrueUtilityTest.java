package io.goalrank.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrueUtilityTest {

  @Test
  void positionBiasRewardsPuttingTheBestItemFirst() {
    // no context effects, so moving items changes only the w_k they get
    Simulator sim = Simulator.create(
        SimulatorConfig.builder().users(50).items(300).diversityPenalty(0).complementarityStrength(0).build());
    for (int u = 0; u < 20; u++) {
      int[] ranked = byRelevance(sim, u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
      int best = ranked[0];
      int[] others = {ranked[5], ranked[6], ranked[7], ranked[8], ranked[9]};
      int[] first = {best, others[0], others[1], others[2], others[3], others[4]};
      int[] last = {others[0], others[1], others[2], others[3], others[4], best};
      assertTrue(sim.trueUtility(u, first) > sim.trueUtility(u, last) + 1e-6, "user " + u);
    }
  }

  @Test
  void trueUtilityIsTheBiasWeightedSumOfClickProbabilities() {
    Simulator sim = Simulator.create(SimulatorConfig.builder().users(5).items(200).build());
    int[] list = {3, 7, 11, 19, 23, 42};
    double expected = 0;
    for (int k = 0; k < list.length; k++) {
      expected += sim.positionBias(k) * sim.clickProbability(0, list, k);
    }
    assertEquals(expected, sim.trueUtility(0, list), 1e-12);
    // rank 1 has no context: its click probability is the item's relevance
    assertEquals(sim.relevance(0, 3), sim.clickProbability(0, list, 0), 1e-12);
  }

  @Test
  void repeatingOneCategoryIsPenalised() {
    // κ = 0 so only the diversity term differs; the same seed with γ = 0 is the control
    SimulatorConfig withPenalty = SimulatorConfig.builder().complementarityStrength(0).diversityPenalty(0.6).build();
    Simulator sim = Simulator.create(withPenalty);
    Simulator control = Simulator.create(withPenalty.toBuilder().diversityPenalty(0).build());
    int checked = 0;
    for (int u = 0; u < 30; u++) {
      int[][] lists = sameVersusDistinct(sim, u);
      if (lists == null) {
        continue;
      }
      int[] same = lists[0];
      int[] distinct = lists[1];
      // by construction the distinct list is no more relevant item by item, so without the penalty it cannot win
      assertTrue(control.trueUtility(u, same) >= control.trueUtility(u, distinct), "control, user " + u);
      assertTrue(sim.trueUtility(u, same) < sim.trueUtility(u, distinct), "user " + u);
      checked++;
    }
    assertTrue(checked >= 20, "only " + checked + " users had comparable lists");
  }

  @Test
  void complementaryCategoriesRaiseTheLaterItemsClickProbability() {
    SimulatorConfig config = SimulatorConfig.builder().users(5).items(400).complementarityStrength(0.5).build();
    Simulator sim = Simulator.create(config);
    Simulator control = Simulator.create(config.toBuilder().complementarityStrength(0).build());
    int pairs = 0;
    int g = -1;
    int h = -1;
    for (int a = 0; a < config.categories(); a++) {
      assertTrue(!sim.complementary(a, a));
      for (int b = 0; b < config.categories(); b++) {
        assertEquals(sim.complementary(a, b), sim.complementary(b, a));
        if (a < b && sim.complementary(a, b)) {
          pairs++;
          g = a;
          h = b;
        }
      }
    }
    assertEquals(config.complementaryPairs(), pairs);
    int first = firstSingle(sim, g);
    int second = firstSingle(sim, h);
    int[] list = {first, second};
    double expected = Simulator.sigmoid(sim.logit(0, second) + 0.5);
    assertEquals(expected, sim.clickProbability(0, list, 1), 1e-12);
    assertEquals(sim.relevance(0, second), control.clickProbability(0, list, 1), 1e-12);
  }

  private static int firstSingle(Simulator sim, int category) {
    for (int i = 0; i < sim.numItems(); i++) {
      int[] cats = sim.categories(i);
      if (cats.length == 1 && cats[0] == category) {
        return i;
      }
    }
    throw new AssertionError("no single-category item of " + category);
  }

  @Test
  void greedyBeatsLoggingBeatsRandomOnAverage() {
    Simulator sim = Simulator.create(SimulatorConfig.builder().users(400).build());
    Random rng = new Random(3);
    double greedy = 0;
    double logging = 0;
    double random = 0;
    int users = 400;
    for (int u = 0; u < users; u++) {
      int[] cands = rng.ints(0, sim.numItems()).distinct().limit(50).toArray();
      int[] randomSlots = rng.ints(0, 50).distinct().limit(6).toArray();
      greedy += sim.trueUtility(u, pick(cands, sim.optimalGreedyList(u, cands, 6)));
      logging += sim.trueUtility(u, pick(cands, sim.loggingPolicyList(u, cands, 6, rng)));
      random += sim.trueUtility(u, pick(cands, randomSlots));
    }
    greedy /= users;
    logging /= users;
    random /= users;
    // measured ≈ 2.4 / 1.8 / 1.0 expected clicks at the defaults
    assertTrue(greedy > logging + 0.3, "greedy " + greedy + " vs logging " + logging);
    assertTrue(logging > random + 0.3, "logging " + logging + " vs random " + random);
  }

  @Test
  void listsAreDistinctValidSlots() {
    Simulator sim = Simulator.create(SimulatorConfig.builder().users(10).items(200).build());
    int[] cands = new Random(5).ints(0, 200).distinct().limit(50).toArray();
    for (int[] slots : List.of(sim.optimalGreedyList(1, cands, 6), sim.loggingPolicyList(1, cands, 6, new Random(1)))) {
      assertEquals(6, slots.length);
      assertEquals(6, java.util.Arrays.stream(slots).distinct().count());
      for (int s : slots) {
        assertTrue(s >= 0 && s < 50);
      }
    }
  }

  /**
   * A list of the user's six most relevant single-category items of their LEAST liked category g, and a list
   * whose k-th item has a different single category (all distinct, none g) and the highest relevance not above
   * the k-th same-category item's. Null when no close enough match exists.
   */
  private static int[][] sameVersusDistinct(Simulator sim, int u) {
    int numCats = sim.config().categories();
    double[] catRelevance = new double[numCats];
    int[] catCount = new int[numCats];
    for (int i = 0; i < sim.numItems(); i++) {
      int[] cats = sim.categories(i);
      if (cats.length == 1) {
        catRelevance[cats[0]] += sim.relevance(u, i);
        catCount[cats[0]]++;
      }
    }
    int g = 0;
    for (int c = 1; c < numCats; c++) {
      if (catRelevance[c] / catCount[c] < catRelevance[g] / catCount[g]) {
        g = c;
      }
    }
    List<Integer> ofG = new ArrayList<>();
    for (int i = 0; i < sim.numItems(); i++) {
      int[] cats = sim.categories(i);
      if (cats.length == 1 && cats[0] == g) {
        ofG.add(i);
      }
    }
    ofG.sort(Comparator.comparingDouble((Integer i) -> sim.relevance(u, i)).reversed());
    int[] same = ofG.stream().limit(6).mapToInt(Integer::intValue).toArray();
    int[] distinct = new int[6];
    boolean[] usedCat = new boolean[numCats];
    usedCat[g] = true;
    double gap = 0;
    for (int k = 0; k < 6; k++) {
      double cap = sim.relevance(u, same[k]);
      int best = -1;
      for (int i = 0; i < sim.numItems(); i++) {
        int[] cats = sim.categories(i);
        double rel = sim.relevance(u, i);
        if (cats.length == 1 && !usedCat[cats[0]] && rel <= cap
            && (best < 0 || rel > sim.relevance(u, best))) {
          best = i;
        }
      }
      if (best < 0) {
        return null;
      }
      usedCat[sim.categories(best)[0]] = true;
      distinct[k] = best;
      gap += cap - sim.relevance(u, best);
    }
    return gap < 0.15 ? new int[][] {same, distinct} : null;
  }

  private static int[] byRelevance(Simulator sim, int u, int... items) {
    return java.util.Arrays.stream(items).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -sim.relevance(u, i)))
        .mapToInt(Integer::intValue).toArray();
  }

  static int[] pick(int[] candidates, int[] slots) {
    int[] out = new int[slots.length];
    for (int k = 0; k < slots.length; k++) {
      out[k] = candidates[slots[k]];
    }
    return out;
  }
}
