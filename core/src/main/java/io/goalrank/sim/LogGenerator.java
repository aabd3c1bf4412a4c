package io.goalrank.sim;

import io.goalrank.data.IdIndex;
import io.goalrank.data.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Builds {@link Simulator#generateLog()}; the rules are documented there. */
final class LogGenerator {
  /** 2020-09-13T12:26:40Z: an arbitrary, realistic epoch-seconds origin. */
  private static final long START = 1_600_000_000L;
  private static final long MIN_SESSION_GAP = 3_600L;
  private static final long MAX_SESSION_GAP = 3L * 86_400L;

  private final Simulator sim;
  private final SimulatorConfig config;

  LogGenerator(Simulator sim) {
    this.sim = sim;
    this.config = sim.config();
  }

  Interactions generate() {
    int numUsers = sim.numUsers();
    int numItems = sim.numItems();
    int capacity = numUsers * config.maxInteractionsPerUser();
    int[] users = new int[capacity];
    int[] items = new int[capacity];
    float[] ratings = new float[capacity];
    long[] times = new long[capacity];
    int rows = 0;

    double[] userLogits = new double[numItems];
    double[] scores = new double[numItems];
    int[] pool = new int[numItems];
    int[] where = new int[numItems];
    for (int u = 0; u < numUsers; u++) {
      // one stream per user: a user's log does not depend on how many users come before it
      SplittableRandom rng = new SplittableRandom(Simulator.mix(config.seed(), u));
      int target = config.minInteractionsPerUser()
          + rng.nextInt(config.maxInteractionsPerUser() - config.minInteractionsPerUser() + 1);
      for (int i = 0; i < numItems; i++) {
        pool[i] = i;
        where[i] = i;
      }
      int poolSize = numItems;
      for (int i = 0; i < numItems; i++) {
        userLogits[i] = sim.logit(u, i); // once per user: sessions only sample
        scores[i] = sim.loggingScore(u, i);
      }
      double[] weights = sim.loggingWeights(scores); // by item id; consumed items are simply not in the pool
      long time = START + rng.nextLong(30L * 86_400L);
      int count = 0;
      while (count < target) {
        int length = Math.min(config.sessionLength(), poolSize);
        int[] slots = Simulator.sampleLogging(weights, pool, poolSize, length, rng);
        int[] shown = new int[length];
        for (int k = 0; k < length; k++) {
          shown[k] = pool[slots[k]];
        }
        for (int k = 0; k < length && count < target; k++) {
          boolean examined = rng.nextDouble() < sim.positionBias(k);
          double z = userLogits[shown[k]] + sim.contextLogit(shown, k, shown[k])
              + config.feedbackNoise() * rng.nextGaussian();
          boolean clicked = rng.nextDouble() < Simulator.sigmoid(z); // drawn even if unexamined: fixed stream shape
          if (!examined) {
            continue;
          }
          time += 1 + rng.nextInt(60);
          users[rows] = u;
          items[rows] = shown[k];
          ratings[rows] = clicked ? Simulator.LIKED_RATING : Simulator.DISLIKED_RATING;
          times[rows] = time;
          rows++;
          count++;
          // consumed: swap-remove from the pool so it is never shown again
          int at = where[shown[k]];
          int last = pool[--poolSize];
          pool[at] = last;
          where[last] = at;
        }
        time += MIN_SESSION_GAP + rng.nextLong(MAX_SESSION_GAP - MIN_SESSION_GAP);
      }
    }
    return new Interactions(rawIndex("u", numUsers), rawIndex("i", numItems),
        Arrays.copyOf(users, rows), Arrays.copyOf(items, rows),
        Arrays.copyOf(ratings, rows), Arrays.copyOf(times, rows), sim.catalog());
  }

  private static IdIndex rawIndex(String prefix, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int x = 0; x < n; x++) {
      ids.add(prefix + x);
    }
    return IdIndex.of(ids);
  }
}
