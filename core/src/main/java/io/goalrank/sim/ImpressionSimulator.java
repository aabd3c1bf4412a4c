package io.goalrank.sim;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import java.util.Random;

/**
 * Simulated final-stage impressions for a prepared dataset: for every training and validation request, the
 * logging policy shows {@code K} lists of {@code L} of the request's candidates and the click model decides each
 * position's feedback (examined with probability {@code w_k}, then clicked with
 * {@code σ(logit + context + N(0, feedbackNoise²))}, context = the items shown above it). Test requests get none:
 * they are what the rankers are evaluated on.
 *
 * <p>These are the logs a production reward model is trained on; unlike the candidate labels they carry the
 * list effects (position, diversity, complementarity) the true utility is made of.
 */
public final class ImpressionSimulator {
  private static final long IMPRESSION_SALT = 0x696D7072657373L; // "impress": its own stream family

  private ImpressionSimulator() {}

  /**
   * @param perRequest lists shown per request ({@code K})
   * @param seed drives the logging policy's sampling and the clicks; request {@code r} uses its own stream
   */
  public static Impressions simulate(Simulator sim, PreparedDataset data, int listLength, int perRequest,
      long seed) {
    return simulate(sim, data, listLength, perRequest, seed, LoggingMix.DEFAULT);
  }

  /** As above, the lists shown by the logging policies of {@code mix} ({@code --logging-policies}). */
  public static Impressions simulate(Simulator sim, PreparedDataset data, int listLength, int perRequest,
      long seed, LoggingMix mix) {
    return simulate(sim, data, listLength, perRequest, seed, mix, false, split -> split != Split.TEST);
  }

  /**
   * As above, with the mix's propensity of every shown prefix ({@link LoggingMix#logPrefixPropensities}) when
   * {@code propensities} is set: what an off-policy correction weights by. The lists and clicks are the same either
   * way.
   */
  public static Impressions simulate(Simulator sim, PreparedDataset data, int listLength, int perRequest,
      long seed, LoggingMix mix, boolean propensities) {
    return simulate(sim, data, listLength, perRequest, seed, mix, propensities, split -> split != Split.TEST);
  }

  /**
   * Impressions of the test requests only, which no reward model trains or selects its epoch on: the held-out shown
   * lists {@link io.goalrank.eval.ClickCalibration} judges r̂ on. Their own stream ({@code seed}), so they are not
   * copies of any training list.
   */
  public static Impressions heldOut(Simulator sim, PreparedDataset data, int listLength, int perRequest, long seed) {
    return heldOut(sim, data, listLength, perRequest, seed, LoggingMix.DEFAULT);
  }

  /** As above, the lists shown by {@code mix}: e.g. uniformly random lists, which the logging policy seldom shows. */
  public static Impressions heldOut(Simulator sim, PreparedDataset data, int listLength, int perRequest, long seed,
      LoggingMix mix) {
    return simulate(sim, data, listLength, perRequest, seed, mix, false, split -> split == Split.TEST);
  }

  private static Impressions simulate(Simulator sim, PreparedDataset data, int listLength, int perRequest,
      long seed, LoggingMix mix, boolean propensities, java.util.function.Predicate<Split> splits) {
    if (perRequest < 1) {
      throw new IllegalArgumentException("perRequest must be positive, got " + perRequest);
    }
    SimIdMap ids = new SimIdMap(sim, data.userIds(), data.itemIds());
    int[][][] lists = new int[data.size()][][];
    float[][][] clicks = new float[data.size()][][];
    float[][][] logPropensities = propensities ? new float[data.size()][][] : null;
    for (int r = 0; r < data.size(); r++) {
      if (!splits.test(data.split(r))) {
        continue;
      }
      Random rng = new Random(Simulator.mix(seed ^ IMPRESSION_SALT, r));
      int user = ids.user(data.user(r));
      int[] slots = data.candidates(r);
      int[] items = new int[slots.length];
      for (int c = 0; c < slots.length; c++) {
        items[c] = ids.item(slots[c]);
      }
      lists[r] = new int[perRequest][];
      clicks[r] = new float[perRequest][];
      if (propensities) {
        logPropensities[r] = new float[perRequest][listLength];
      }
      for (int k = 0; k < perRequest; k++) {
        int[] shown = mix.draw(sim, user, items, listLength, rng);
        int[] shownItems = new int[listLength];
        for (int t = 0; t < listLength; t++) {
          shownItems[t] = items[shown[t]];
        }
        clicks[r][k] = userClicks(sim, user, shownItems, rng);
        lists[r][k] = shown;
        if (propensities) {
          double[] log = mix.logPrefixPropensities(sim, user, items, shown);
          for (int t = 0; t < listLength; t++) {
            logPropensities[r][k][t] = (float) log[t];
          }
        }
      }
    }
    return new Impressions(lists, clicks, logPropensities);
  }

  /**
   * The simulated user's per-position clicks on lists someone else chose (on-policy refresh: the generator's own
   * samples): for each row of {@code rows}, its {@code lists[row]} ({@code [K][L]} candidate slots) with clicks from
   * the same click model as {@link #simulate}; every other row stays without impressions. Request {@code r} draws
   * from its own stream of {@code seed}.
   */
  public static Impressions feedback(Simulator sim, PreparedDataset data, int[] rows, int[][][] lists, long seed) {
    SimIdMap ids = new SimIdMap(sim, data.userIds(), data.itemIds());
    int[][][] shown = new int[data.size()][][];
    float[][][] clicks = new float[data.size()][][];
    for (int r : rows) {
      if (lists[r] == null) {
        throw new IllegalArgumentException("request row " + r + " has no lists to show");
      }
      Random rng = new Random(Simulator.mix(seed ^ IMPRESSION_SALT, r));
      int user = ids.user(data.user(r));
      int[] slots = data.candidates(r);
      shown[r] = new int[lists[r].length][];
      clicks[r] = new float[lists[r].length][];
      for (int k = 0; k < lists[r].length; k++) {
        int[] items = new int[lists[r][k].length];
        for (int t = 0; t < items.length; t++) {
          items[t] = ids.item(slots[lists[r][k][t]]);
        }
        shown[r][k] = lists[r][k].clone();
        clicks[r][k] = userClicks(sim, user, items, rng);
      }
    }
    return new Impressions(shown, clicks);
  }

  /**
   * One shown list's clicks: position t is examined with probability {@code w_t}, then clicked with
   * {@code σ(logit + context + N(0, feedbackNoise²))}. The draws' order is part of every seeded log: keep it.
   */
  private static float[] userClicks(Simulator sim, int user, int[] shownItems, Random rng) {
    float[] out = new float[shownItems.length];
    for (int t = 0; t < shownItems.length; t++) {
      boolean examined = rng.nextDouble() < sim.positionBias(t);
      double z = sim.logit(user, shownItems[t]) + sim.contextLogit(shownItems, t, shownItems[t])
          + sim.config().feedbackNoise() * rng.nextGaussian();
      boolean clicked = rng.nextDouble() < Simulator.sigmoid(z);
      out[t] = examined && clicked ? 1f : 0f;
    }
    return out;
  }
}
