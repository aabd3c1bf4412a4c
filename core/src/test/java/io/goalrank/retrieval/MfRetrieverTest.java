package io.goalrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.retrieval.MfRetriever.Update;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The retriever's two update rules, the AUTO rule between them, and scoring without leaks. */
class MfRetrieverTest {
  private static final int USERS = 60;
  private static final int ITEMS = 40;
  private static final int DIM = 8;

  /** Two taste groups: even users consume even items, odd users odd ones; the last user consumes nothing. */
  private static int[][] histories() {
    Random rnd = new Random(5);
    int[][] h = new int[USERS][];
    for (int u = 0; u < USERS - 1; u++) {
      int parity = u % 2;
      h[u] = rnd.ints(0, ITEMS / 2).map(i -> 2 * i + parity).distinct().limit(8).toArray();
    }
    h[USERS - 1] = new int[0];
    return h;
  }

  private static MfRetriever.Options options(Update update) {
    return new MfRetriever.Options(DIM, 30, 64, 2e-2f, 1e-3f, 3, update);
  }

  @Test
  void autoIsDenseUpToEightTableRowsPerBatchRowAndLazyAbove() {
    assertEquals(Update.DENSE, Update.AUTO.resolve(2983 + 2648, 4096)); // ML-1M (partial), 20-core
    assertEquals(Update.DENSE, Update.AUTO.resolve(18072 + 12063, 4096)); // Amazon-Book, 10-core
    assertEquals(Update.DENSE, Update.AUTO.resolve(32768, 4096));
    assertEquals(Update.LAZY, Update.AUTO.resolve(32769, 4096));
    assertEquals(Update.LAZY, Update.AUTO.resolve(100000 + 20000, 4096)); // the scale benchmark's 10^7
    assertEquals(Update.DENSE, Update.DENSE.resolve(120000, 4096));
    assertEquals(Update.LAZY, Update.parse("Lazy"));
  }

  /**
   * Both rules learn the two taste groups (a user's unseen items of its own parity score above the others'), and
   * lazy updates leave a row no batch touched exactly as it started, where dense Adam's weight decay moves it.
   */
  @Test
  void bothUpdatesLearnTheTasteGroupsAndOnlyLazyLeavesUntouchedRowsAlone() {
    float[] initial = initialUserRow(USERS - 1);
    for (Update update : new Update[] {Update.DENSE, Update.LAZY}) {
      try (MfRetriever r = MfRetriever.train(histories(), ITEMS, options(update))) {
        assertEquals(update, r.update());
        assertTrue(r.lastLoss() < 0.45f, update + ": final BPR loss " + r.lastLoss());
        int[] users = java.util.stream.IntStream.range(0, USERS - 1).toArray();
        float[][] s = r.scores(users);
        int agree = 0;
        for (int u : users) {
          float[] own = new float[ITEMS / 2];
          float[] other = new float[ITEMS / 2];
          for (int i = 0; i < ITEMS; i++) {
            (i % 2 == u % 2 ? own : other)[i / 2] = s[u][i];
          }
          agree += mean(own) > mean(other) ? 1 : 0;
        }
        assertTrue(agree >= USERS - 3, update + ": " + agree + " of " + (USERS - 1) + " users prefer their group");
        float[] row = userRow(r, USERS - 1);
        if (update == Update.LAZY) {
          assertArrayEquals(initial, row, 0f, "lazy: an untouched row moved");
        } else {
          assertFalse(Arrays.equals(initial, row), "dense: weight decay should move every row");
        }
      }
    }
  }

  /** A lazy step splits its work in fixed halves, so one thread and two give the same floats. */
  @Test
  void lazyTrainingIsTheSameOnOneThreadAndOnTwo() {
    float[][] weights = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      System.setProperty("goalrank.retriever.threads", Integer.toString(threads));
      try (MfRetriever r = MfRetriever.train(histories(), ITEMS, options(Update.LAZY))) {
        weights[threads - 1] = r.block().tables()[1].toFloatArray();
      } finally {
        System.clearProperty("goalrank.retriever.threads");
      }
    }
    assertArrayEquals(weights[0], weights[1], 0f);
  }

  @Test
  void scoringLeavesNoArraysInTheParametersManager() {
    try (var net = new NetworkTrainer<>(new MatrixFactorization(USERS, ITEMS, DIM), 1e-2f, 0f, 0f, 3)) {
      int held = ((BaseNDManager) net.manager()).getManagedArrays().size();
      for (int k = 0; k < 5; k++) {
        try (NDManager m = net.manager().newSubManager()) {
          float[] s = net.block().scoreAll(net.parameterStore(), m.create(new long[] {0, 1, 2}, new Shape(3)))
              .toFloatArray();
          assertEquals(3 * ITEMS, s.length);
        }
      }
      assertEquals(held, ((BaseNDManager) net.manager()).getManagedArrays().size());
    }
  }

  private static float[] userRow(MfRetriever r, int user) {
    float[] all = r.block().tables()[0].toFloatArray();
    return Arrays.copyOfRange(all, user * DIM, (user + 1) * DIM);
  }

  /** The row the trainer starts from: the block initialised with the same seed. */
  private static float[] initialUserRow(int user) {
    try (var net = new NetworkTrainer<>(new MatrixFactorization(USERS, ITEMS, DIM), 1e-2f, 0f, 0f, 3)) {
      float[] all = net.block().tables()[0].toFloatArray();
      return Arrays.copyOfRange(all, user * DIM, (user + 1) * DIM);
    }
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }
}
