package io.goalrank.objective;

import io.goalrank.core.ListUtility;
import io.goalrank.data.PreparedDataset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The list objectives an objective-conditioned generator is trained on, in a fixed order: {@code relevance} (the
 * reward model's r̂), {@code diversity} ({@link CategoryDiversity}) and {@code novelty} ({@link Novelty}). A
 * weight vector {@code w} has one entry per objective; π_ref is built from {@code Σ_k w_k·z_k(l)} with
 * {@code z_k} the objective z-scored within the group, so the weights trade objectives on a common scale.
 */
public final class Objectives {
  /** Objective names, in weight-vector order. */
  public static final List<String> NAMES = List.of("relevance", "diversity", "novelty");

  private final List<ListUtility> objectives;

  private Objectives(List<ListUtility> objectives) {
    this.objectives = List.copyOf(objectives);
  }

  /** The objectives on {@code data} with {@code relevance} as the list reward. */
  public static Objectives of(PreparedDataset data, ListUtility relevance) {
    return new Objectives(List.of(relevance, new CategoryDiversity(data.catalog()),
        new Novelty(data.itemCounts())));
  }

  public int size() {
    return objectives.size();
  }

  public List<ListUtility> list() {
    return objectives;
  }

  /** Only relevance: {@code [1, 0, 0]}, what an unconditioned GoalRank optimises. */
  public static float[] relevanceOnly() {
    float[] w = new float[NAMES.size()];
    w[0] = 1f;
    return w;
  }

  /**
   * Parses {@code relevance=1,diversity=0.3}: unnamed objectives get 0; names must be known, weights finite and
   * non-negative, not all zero.
   */
  public static float[] parseWeights(String spec) {
    float[] w = new float[NAMES.size()];
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] kv = p.split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("objective '" + p + "' is not name=weight");
      }
      int k = NAMES.indexOf(kv[0].trim());
      if (k < 0) {
        throw new IllegalArgumentException("unknown objective '" + kv[0].trim() + "'; choose from " + NAMES);
      }
      float value;
      try {
        value = Float.parseFloat(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("objective '" + p + "': weight is not a number");
      }
      if (!Float.isFinite(value) || value < 0) {
        throw new IllegalArgumentException("objective '" + p + "': weight must be finite and >= 0");
      }
      w[k] = value;
    }
    return checked(w);
  }

  /** {@code w} as given after checking its length and values. */
  public static float[] checked(float[] w) {
    if (w.length != NAMES.size()) {
      throw new IllegalArgumentException("objective weights need " + NAMES.size() + " entries " + NAMES
          + ", got " + w.length);
    }
    double sum = 0;
    for (float x : w) {
      if (!Float.isFinite(x) || x < 0) {
        throw new IllegalArgumentException("objective weights must be finite and >= 0: " + Arrays.toString(w));
      }
      sum += x;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("objective weights are all zero");
    }
    return w.clone();
  }

  /**
   * A training draw of {@code w}: relevance weight 1 and, with probability {@code 1 − 1/K}, one other objective
   * (chosen uniformly) with a weight uniform in [0, maxOther]. One secondary objective at a time, because raising
   * all of them at once averages their pulls away (a first version did, and moved each objective far less).
   */
  public static float[] sample(SplittableRandom rng, float maxOther) {
    float[] w = relevanceOnly();
    int k = rng.nextInt(w.length);
    if (k > 0) {
      w[k] = (float) (rng.nextDouble() * maxOther);
    }
    return w;
  }

  /** {@code name=value} pairs, for logs and tables. */
  public static String format(float[] w) {
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < w.length; k++) {
      out.append(k == 0 ? "" : ",").append(NAMES.get(k)).append('=').append(String.format("%.2f", w[k]));
    }
    return out.toString();
  }
}
