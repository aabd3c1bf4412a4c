package io.goalrank.data;

import io.goalrank.util.JsonRecords;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of the N→L re-ranking protocol (DESIGN.md): what counts as positive feedback, the core filter,
 * how a request is cut from a user's timeline, the user split and how candidates are drawn.
 *
 * @param positiveThreshold a rating at or above this is positive feedback (ML-1M: 4; implicit data uses 1)
 * @param coreK iterative k-core filter on users and items (20 in the paper); 0 disables it
 * @param listLength L, the ground-truth and output list length (6)
 * @param numCandidates N, candidates per request (50)
 * @param maxHistory the most recent history items kept as the user state
 * @param requests how a user's timeline is cut into requests and split ({@link RequestMode})
 * @param testFraction share of users held out for the final test ({@link RequestMode#LAST} only)
 * @param validFraction share of the remaining (training) users kept for model selection ({@link RequestMode#LAST}
 *     only)
 * @param minValidRequests ({@link RequestMode#LAST} only) the validation split's floor when
 *     {@code validFraction > 0}: at least this many requests (capped at half of the non-test requests), because
 *     early stopping on a few dozen requests picks epochs by noise (73 validation requests move H@6 in steps of 1/61)
 * @param negatives how the non-ground-truth candidate slots are filled
 * @param seed seeds the split, candidate shuffling and retriever training
 */
public record ProtocolConfig(
    float positiveThreshold,
    int coreK,
    int listLength,
    int numCandidates,
    int maxHistory,
    RequestMode requests,
    double testFraction,
    double validFraction,
    int minValidRequests,
    NegativeSampling negatives,
    long seed) {

  /** How the {@code N - |ground truth|} other candidate slots are filled. */
  public enum NegativeSampling {
    /** The retriever's top-scored items (the paper's protocol). */
    RETRIEVER,
    /** Items sampled to match the ground truth's popularity, so position in the retriever's order gives nothing away. */
    MATCHED,
    /** Items drawn uniformly from the user's unseen items (the GFN4Rec lineage's training negatives). */
    RANDOM
  }

  /** How requests are cut from a user's timeline and split (docs/DATA.md). */
  public enum RequestMode {
    /** One request per user: the last L items are the ground truth; users are split at random (Table 1). */
    LAST,
    /**
     * Every L consecutive items are a request ({@link Slates}): each user's last slate is test, the one before it
     * validation, the earlier ones train (GFN4Rec's MLSlateReader).
     */
    SLATES
  }

  public ProtocolConfig {
    if (coreK < 0) {
      throw new IllegalArgumentException("coreK must be >= 0: " + coreK);
    }
    if (listLength < 1) {
      throw new IllegalArgumentException("listLength must be >= 1: " + listLength);
    }
    if (numCandidates <= listLength) {
      throw new IllegalArgumentException(
          "numCandidates (" + numCandidates + ") must exceed listLength (" + listLength + ")");
    }
    if (maxHistory < 1) {
      throw new IllegalArgumentException("maxHistory must be >= 1: " + maxHistory);
    }
    if (requests == null) {
      throw new IllegalArgumentException("requests must be set");
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0,1): " + testFraction);
    }
    if (!(validFraction >= 0 && validFraction < 1)) {
      throw new IllegalArgumentException("validFraction must be in [0,1): " + validFraction);
    }
    if (minValidRequests < 0) {
      throw new IllegalArgumentException("minValidRequests must be >= 0: " + minValidRequests);
    }
    if (negatives == null) {
      throw new IllegalArgumentException("negatives must be set");
    }
  }

  /** The name this config is recorded under in a prepared dataset's and a checkpoint's typed configs. */
  public static final String PROVENANCE = "protocol";

  public static Builder builder() {
    return new Builder();
  }

  /** This config as the JSON a prepared dataset and a checkpoint record. */
  public String toJson() {
    return JsonRecords.write(this);
  }

  /** The config recorded as {@code json}; fields it lacks take the defaults ({@link JsonRecords#read}). */
  public static ProtocolConfig fromJson(String json, String where) throws IOException {
    return JsonRecords.read(json, ProtocolConfig.class, builder().build(), where);
  }

  /**
   * The protocol of a prepared dataset written before configs were recorded (file version 1), from its display
   * entries {@code protocol.*}; an entry it lacks takes the builder's default, and the candidate count falls back to
   * the data's own {@code numCandidates}. The one place those strings still set behaviour.
   */
  public static ProtocolConfig fromLegacyInfo(Map<String, String> info, int numCandidates) {
    Builder b = builder();
    String v;
    if ((v = info.get("protocol.positiveThreshold")) != null) {
      b.optPositiveThreshold(Float.parseFloat(v));
    }
    if ((v = info.get("protocol.coreK")) != null) {
      b.optCoreK(Integer.parseInt(v));
    }
    if ((v = info.get("protocol.listLength")) != null) {
      b.optListLength(Integer.parseInt(v));
    }
    v = info.get("protocol.numCandidates");
    b.optNumCandidates(v != null ? Integer.parseInt(v) : Math.max(numCandidates, b.listLength + 1));
    if ((v = info.get("protocol.maxHistory")) != null) {
      b.optMaxHistory(Integer.parseInt(v));
    }
    if ((v = info.get("protocol.requests")) != null) {
      b.optRequests(RequestMode.valueOf(v.toUpperCase(Locale.ROOT)));
    }
    if ((v = info.get("protocol.testFraction")) != null) {
      b.optTestFraction(Double.parseDouble(v));
    }
    if ((v = info.get("protocol.validFraction")) != null) {
      b.optValidFraction(Double.parseDouble(v));
    }
    if ((v = info.get("protocol.minValidRequests")) != null) {
      b.optMinValidRequests(Integer.parseInt(v));
    }
    if ((v = info.get("protocol.negatives")) != null) {
      b.optNegatives(NegativeSampling.valueOf(v.toUpperCase(Locale.ROOT)));
    }
    if ((v = info.get("protocol.seed")) != null) {
      b.optSeed(Long.parseLong(v));
    }
    return b.build();
  }

  /**
   * The validation requests out of {@code nonTest}: {@code validFraction} of them, at least
   * {@code minValidRequests}, at most half.
   */
  public int validRequests(int nonTest) {
    if (validFraction == 0) {
      return 0;
    }
    int byFraction = (int) Math.round(nonTest * validFraction);
    return Math.min(Math.max(byFraction, minValidRequests), Math.max(byFraction, nonTest / 2));
  }

  /**
   * Defaults follow the paper: threshold 4, 20-core, L=6, N=50, the last L items of each user as one request,
   * 80/20 users, 10% of train for validation (at least 200 requests).
   */
  public static final class Builder {
    private float positiveThreshold = 4f;
    private int coreK = 20;
    private int listLength = 6;
    private int numCandidates = 50;
    private int maxHistory = 50;
    private RequestMode requests = RequestMode.LAST;
    private double testFraction = 0.2;
    private double validFraction = 0.1;
    private int minValidRequests = 200;
    private NegativeSampling negatives = NegativeSampling.RETRIEVER;
    private long seed = 999;

    public Builder optPositiveThreshold(float v) {
      positiveThreshold = v;
      return this;
    }

    public Builder optCoreK(int v) {
      coreK = v;
      return this;
    }

    public Builder optListLength(int v) {
      listLength = v;
      return this;
    }

    public Builder optNumCandidates(int v) {
      numCandidates = v;
      return this;
    }

    public Builder optMaxHistory(int v) {
      maxHistory = v;
      return this;
    }

    /** LAST (the default, Table 1's protocol) or SLATES. */
    public Builder optRequests(RequestMode v) {
      requests = v;
      return this;
    }

    public Builder optTestFraction(double v) {
      testFraction = v;
      return this;
    }

    public Builder optValidFraction(double v) {
      validFraction = v;
      return this;
    }

    public Builder optMinValidRequests(int v) {
      minValidRequests = v;
      return this;
    }

    public Builder optNegatives(NegativeSampling v) {
      negatives = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    public ProtocolConfig build() {
      return new ProtocolConfig(positiveThreshold, coreK, listLength, numCandidates, maxHistory, requests,
          testFraction, validFraction, minValidRequests, negatives, seed);
    }
  }
}
