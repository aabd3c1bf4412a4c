package io.goalrank.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.Interactions;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorLogTest {
  private static final SimulatorConfig SMALL = SimulatorConfig.builder().users(300).items(400).seed(11).build();
  private static Simulator sim;
  private static Interactions log;

  @BeforeAll
  static void generate() {
    sim = Simulator.create(SMALL);
    log = sim.generateLog();
  }

  @Test
  void sameSeedGivesIdenticalLogsAndDifferentSeedDoesNot() {
    Interactions again = Simulator.create(SMALL).generateLog();
    assertArrayEquals(log.users(), again.users());
    assertArrayEquals(log.items(), again.items());
    assertArrayEquals(log.ratings(), again.ratings());
    assertArrayEquals(log.timestamps(), again.timestamps());

    Interactions other = Simulator.create(SMALL.toBuilder().seed(12).build()).generateLog();
    assertFalse(Arrays.equals(log.items(), other.items()) && Arrays.equals(log.ratings(), other.ratings()));
  }

  @Test
  void logHasTheDocumentedShape() {
    int[] perUser = new int[log.numUsers()];
    long[] lastTime = new long[log.numUsers()];
    Arrays.fill(lastTime, Long.MIN_VALUE);
    boolean[][] seen = new boolean[log.numUsers()][log.numItems()];
    for (int r = 0; r < log.size(); r++) {
      int u = log.users()[r];
      int i = log.items()[r];
      assertTrue(i >= 0 && i < log.numItems());
      assertTrue(log.ratings()[r] == 5f || log.ratings()[r] == 2f, "rating " + log.ratings()[r]);
      assertTrue(log.timestamps()[r] > lastTime[u], "timestamps must strictly increase per user");
      assertFalse(seen[u][i], "an item is consumed at most once per user");
      seen[u][i] = true;
      lastTime[u] = log.timestamps()[r];
      perUser[u]++;
    }
    for (int u = 0; u < perUser.length; u++) {
      assertTrue(perUser[u] >= 40 && perUser[u] <= 80, "user " + u + " has " + perUser[u]);
    }
    assertEquals(SMALL.users(), log.numUsers());
    assertEquals("u17", log.userIds().rawId(17));
    assertEquals("i42", log.itemIds().rawId(42));
    assertEquals(log.numItems(), log.catalog().size());
    assertEquals("item 42", log.catalog().titles().get(42));
    assertArrayEquals(sim.categories(42), log.catalog().categories().get(42));
    assertEquals("topic-3", log.catalog().categoryNames().get(3));
    for (int[] cats : log.catalog().categories()) {
      assertTrue(cats.length == 1 || (cats.length == 2 && cats[0] < cats[1]));
    }
  }

  @Test
  void bothLabelsAreCommon() {
    int liked = 0;
    for (float r : log.ratings()) {
      liked += r == 5f ? 1 : 0;
    }
    double rate = liked / (double) log.size();
    assertTrue(rate > 0.3 && rate < 0.8, "positive rate " + rate);
  }

  @Test
  void likedItemsAreMoreRelevantThanDislikedOnes() {
    double liked = 0;
    double disliked = 0;
    int nLiked = 0;
    int nDisliked = 0;
    for (int r = 0; r < log.size(); r++) {
      double rel = sim.relevance(log.users()[r], log.items()[r]);
      if (log.ratings()[r] == 5f) {
        liked += rel;
        nLiked++;
      } else {
        disliked += rel;
        nDisliked++;
      }
    }
    // the gap is ≈ 0.2 here; a log whose feedback ignored the click model would give equal means
    assertTrue(liked / nLiked > disliked / nDisliked + 0.1,
        "liked " + liked / nLiked + " vs disliked " + disliked / nDisliked);
  }

  @Test
  void defaultLogHoldsFortyToEightyInteractionsPerUser() {
    // Speed is the benchmarks' business (docs/BENCHMARKS.md); a test only checks the log's shape.
    Interactions big = Simulator.create(SimulatorConfig.defaults()).generateLog();
    assertTrue(big.size() >= 2000 * 40 && big.size() <= 2000 * 80, "size " + big.size());
  }
}
