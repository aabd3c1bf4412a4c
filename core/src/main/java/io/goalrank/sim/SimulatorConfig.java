package io.goalrank.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the synthetic user {@link Simulator}. Build one with {@link #builder()}; every field has a default
 * small enough that a full demo pipeline (prepare, train, evaluate) runs in minutes on a laptop.
 *
 * <p>The click model these settings drive is documented on {@link Simulator}; in its notation {@code α} is
 * {@link #affinityScale}, {@code γ} is {@link #diversityPenalty}, {@code κ} is {@link #complementarityStrength}
 * and {@code w_k} is {@link #positionBias}.
 *
 * @param users number of simulated users
 * @param items catalogue size
 * @param latentDim dimension of the latent user and item vectors
 * @param categories number of item categories ("topics"); each item has one or two (at most 64)
 * @param secondCategoryProb probability that an item has a second category
 * @param minInteractionsPerUser fewest logged interactions of a user
 * @param maxInteractionsPerUser most logged interactions of a user
 * @param sessionLength items the logging policy shows per session
 * @param popularitySkew Zipf exponent {@code s} of the popularity bias: {@code b_i ∝ -s·ln(popularity rank)}
 * @param popularityWeight scale of the popularity bias in the click logit
 * @param baseLogit constant added to every click logit (sets the overall click rate)
 * @param affinityScale {@code α}, the weight of the user–item affinity {@code u·v_i}
 * @param positionBias {@code w_k}, examination probability of rank {@code k = 1..}; lists may not be longer
 * @param diversityPenalty {@code γ ≥ 0}, logit penalty per earlier item sharing a category
 * @param complementaryPairs number of (unordered) category pairs that complement each other
 * @param complementarityStrength {@code κ ≥ 0}, logit bonus per earlier item of a complementary category
 * @param feedbackNoise standard deviation of Gaussian noise on the click logit when logging feedback
 * @param loggingTemperature softmax temperature of the logging policy (higher is closer to uniform)
 * @param loggingNoise standard deviation of the logging policy's (persistent, per user–item) error on the logit
 * @param loggingPopularityWeight extra weight the logging policy puts on popularity, beyond the click model's
 * @param positiveThreshold ratings at or above this are positive; the log uses 5 (liked) and 2 (not liked)
 * @param seed seed of every random draw; the same config gives the same simulator and log
 */
public record SimulatorConfig(
    int users,
    int items,
    int latentDim,
    int categories,
    double secondCategoryProb,
    int minInteractionsPerUser,
    int maxInteractionsPerUser,
    int sessionLength,
    double popularitySkew,
    double popularityWeight,
    double baseLogit,
    double affinityScale,
    List<Double> positionBias,
    double diversityPenalty,
    int complementaryPairs,
    double complementarityStrength,
    double feedbackNoise,
    double loggingTemperature,
    double loggingNoise,
    double loggingPopularityWeight,
    float positiveThreshold,
    long seed) {

  /** Ranks covered by the default position bias: the candidate count N of the protocol. */
  public static final int DEFAULT_BIAS_RANKS = 50;

  public SimulatorConfig {
    positive("users", users);
    positive("items", items);
    positive("latentDim", latentDim);
    positive("categories", categories);
    if (categories > 64) {
      throw new IllegalArgumentException("categories must be at most 64: " + categories);
    }
    probability("secondCategoryProb", secondCategoryProb);
    positive("minInteractionsPerUser", minInteractionsPerUser);
    if (maxInteractionsPerUser < minInteractionsPerUser) {
      throw new IllegalArgumentException(
          "maxInteractionsPerUser (" + maxInteractionsPerUser + ") is below minInteractionsPerUser ("
              + minInteractionsPerUser + ")");
    }
    positive("sessionLength", sessionLength);
    if (items < maxInteractionsPerUser + sessionLength) {
      throw new IllegalArgumentException(
          "items (" + items + ") must be at least maxInteractionsPerUser + sessionLength ("
              + (maxInteractionsPerUser + sessionLength) + ")");
    }
    nonNegative("popularitySkew", popularitySkew);
    nonNegative("popularityWeight", popularityWeight);
    finite("baseLogit", baseLogit);
    nonNegative("affinityScale", affinityScale);
    positionBias = List.copyOf(positionBias);
    if (positionBias.size() < sessionLength) {
      throw new IllegalArgumentException(
          "positionBias covers " + positionBias.size() + " ranks, fewer than sessionLength " + sessionLength);
    }
    for (int k = 0; k < positionBias.size(); k++) {
      probability("positionBias[" + k + "]", positionBias.get(k));
    }
    if (positionBias.get(0) <= 0) {
      // the log needs rank 1 to be examined sometimes, or no session ever makes progress
      throw new IllegalArgumentException("positionBias[0] must be positive: " + positionBias.get(0));
    }
    nonNegative("diversityPenalty", diversityPenalty);
    nonNegative("complementaryPairs", complementaryPairs);
    int maxPairs = categories * (categories - 1) / 2;
    if (complementaryPairs > maxPairs) {
      throw new IllegalArgumentException(
          "complementaryPairs (" + complementaryPairs + ") exceeds the " + maxPairs + " category pairs");
    }
    nonNegative("complementarityStrength", complementarityStrength);
    nonNegative("feedbackNoise", feedbackNoise);
    if (!(loggingTemperature > 0) || Double.isInfinite(loggingTemperature)) {
      throw new IllegalArgumentException("loggingTemperature must be positive: " + loggingTemperature);
    }
    nonNegative("loggingNoise", loggingNoise);
    nonNegative("loggingPopularityWeight", loggingPopularityWeight);
    if (!(positiveThreshold > Simulator.DISLIKED_RATING && positiveThreshold <= Simulator.LIKED_RATING)) {
      throw new IllegalArgumentException(
          "positiveThreshold must be in (" + Simulator.DISLIKED_RATING + ", " + Simulator.LIKED_RATING + "]: "
              + positiveThreshold);
    }
  }

  /** The name this config is recorded under in a prepared dataset's and a checkpoint's typed configs. */
  public static final String PROVENANCE = "simulator";

  /** This config as the JSON a prepared dataset and a checkpoint record. */
  public String toJson() {
    return io.goalrank.util.JsonRecords.write(this);
  }

  /**
   * The config recorded as {@code json}; a field it lacks (a file from before the field existed) takes its default
   * ({@link io.goalrank.util.JsonRecords#read}).
   */
  public static SimulatorConfig fromJson(String json, String where) throws java.io.IOException {
    return io.goalrank.util.JsonRecords.read(json, SimulatorConfig.class, defaults(), where);
  }

  /** The defaults: 2000 users, 800 items, 40..80 interactions each. */
  public static SimulatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.users = users;
    b.items = items;
    b.latentDim = latentDim;
    b.categories = categories;
    b.secondCategoryProb = secondCategoryProb;
    b.minInteractions = minInteractionsPerUser;
    b.maxInteractions = maxInteractionsPerUser;
    b.sessionLength = sessionLength;
    b.popularitySkew = popularitySkew;
    b.popularityWeight = popularityWeight;
    b.baseLogit = baseLogit;
    b.affinityScale = affinityScale;
    b.positionBias = positionBias;
    b.diversityPenalty = diversityPenalty;
    b.complementaryPairs = complementaryPairs;
    b.complementarityStrength = complementarityStrength;
    b.feedbackNoise = feedbackNoise;
    b.loggingTemperature = loggingTemperature;
    b.loggingNoise = loggingNoise;
    b.loggingPopularityWeight = loggingPopularityWeight;
    b.positiveThreshold = positiveThreshold;
    b.seed = seed;
    return b;
  }

  /** {@code w_k = 1 / log2(k + 1)} for ranks {@code k = 1..ranks}. */
  public static List<Double> logPositionBias(int ranks) {
    List<Double> w = new ArrayList<>(ranks);
    for (int k = 1; k <= ranks; k++) {
      w.add(1.0 / (Math.log(k + 1) / Math.log(2)));
    }
    return w;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be non-negative: " + value);
    }
  }

  private static void nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be non-negative and finite: " + value);
    }
  }

  private static void finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
  }

  private static void probability(String name, Double value) {
    if (value == null || !(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
    }
  }

  /** Fluent builder; unset fields keep their defaults. */
  public static final class Builder {
    private int users = 2000;
    private int items = 800;
    private int latentDim = 16;
    private int categories = 12;
    private double secondCategoryProb = 0.35;
    private int minInteractions = 40;
    private int maxInteractions = 80;
    private int sessionLength = 6;
    private double popularitySkew = 1.0;
    private double popularityWeight = 0.5;
    private double baseLogit = -1.5;
    private double affinityScale = 4.0;
    private List<Double> positionBias = logPositionBias(DEFAULT_BIAS_RANKS);
    private double diversityPenalty = 0.6;
    private int complementaryPairs = 8;
    private double complementarityStrength = 0.5;
    private double feedbackNoise = 0.5;
    private double loggingTemperature = 1.0;
    private double loggingNoise = 1.0;
    private double loggingPopularityWeight = 1.0;
    private float positiveThreshold = 4f;
    private long seed = 42L;

    private Builder() {}

    public Builder users(int v) { users = v; return this; }
    public Builder items(int v) { items = v; return this; }
    public Builder latentDim(int v) { latentDim = v; return this; }
    public Builder categories(int v) { categories = v; return this; }
    public Builder secondCategoryProb(double v) { secondCategoryProb = v; return this; }
    /** Both bounds of the per-user interaction count. */
    public Builder interactionsPerUser(int min, int max) { minInteractions = min; maxInteractions = max; return this; }
    public Builder sessionLength(int v) { sessionLength = v; return this; }
    public Builder popularitySkew(double v) { popularitySkew = v; return this; }
    public Builder popularityWeight(double v) { popularityWeight = v; return this; }
    public Builder baseLogit(double v) { baseLogit = v; return this; }
    public Builder affinityScale(double v) { affinityScale = v; return this; }
    public Builder positionBias(List<Double> v) { positionBias = v; return this; }
    public Builder positionBias(double... v) {
      List<Double> w = new ArrayList<>(v.length);
      for (double x : v) {
        w.add(x);
      }
      positionBias = w;
      return this;
    }
    public Builder diversityPenalty(double v) { diversityPenalty = v; return this; }
    public Builder complementaryPairs(int v) { complementaryPairs = v; return this; }
    public Builder complementarityStrength(double v) { complementarityStrength = v; return this; }
    public Builder feedbackNoise(double v) { feedbackNoise = v; return this; }
    public Builder loggingTemperature(double v) { loggingTemperature = v; return this; }
    public Builder loggingNoise(double v) { loggingNoise = v; return this; }
    public Builder loggingPopularityWeight(double v) { loggingPopularityWeight = v; return this; }
    public Builder positiveThreshold(float v) { positiveThreshold = v; return this; }
    public Builder seed(long v) { seed = v; return this; }

    public SimulatorConfig build() {
      return new SimulatorConfig(users, items, latentDim, categories, secondCategoryProb, minInteractions,
          maxInteractions, sessionLength, popularitySkew, popularityWeight, baseLogit, affinityScale, positionBias,
          diversityPenalty, complementaryPairs, complementarityStrength, feedbackNoise, loggingTemperature,
          loggingNoise, loggingPopularityWeight, positiveThreshold, seed);
    }
  }
}
