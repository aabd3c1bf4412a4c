package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig.NegativeSampling;

/**
 * Whether every network reads each candidate's stage-1 retriever score (z-scored per request) as an input.
 *
 * <p>A final-stage ranker in production has the earlier stage's score, so it is on wherever it means what it means
 * in production. With {@code --negatives retriever} it does not: the ground-truth items forced into the retriever's
 * top N keep their own scores, which lie below the top N, so the lowest scores are the targets (on ML-1M the six
 * lowest-scored candidates hold a positive in 95% of test requests, the six highest in 19%). There the feature is
 * a label leak; {@link #AUTO} leaves it off and {@link #ON} is refused.
 */
public enum RetrieverFeature {
  /** On, except on candidates the retriever chose with the targets forced in (the default). */
  AUTO,
  /** On; refused with retriever negatives. */
  ON,
  /** Off: the paper's rows, candidates as an unordered set. */
  OFF;

  /** Whether the networks read the score on candidates drawn with {@code negatives}; throws where it would leak. */
  public boolean resolve(String negatives) {
    boolean leaks = negatives == null || negatives.equalsIgnoreCase(NegativeSampling.RETRIEVER.name());
    return switch (this) {
      case OFF -> false;
      case AUTO -> !leaks;
      case ON -> {
        if (leaks) {
          throw new IllegalArgumentException("--retriever-feature with --negatives retriever: the ground-truth items "
              + "forced into the retriever's top N keep their own, lower scores, so the score gives the targets "
              + "away (a label leak, docs/RESULTS.md); use --negatives matched, or leave the feature off");
        }
        yield true;
      }
    };
  }

  /** {@link #resolve(String)} for the negatives {@code data} was prepared with. */
  public boolean resolve(PreparedDataset data) {
    return resolve(data.protocol().negatives().name());
  }

  /**
   * How much the retriever score alone gives away on {@code data}'s test requests that have a positive: the share
   * whose L lowest-scored candidates hold one, and the share whose L highest-scored do (MF order's H@L).
   */
  public record Diagnosis(int requests, int listLength, double lowestHit, double highestHit) {
    /** The lowest scores find the targets better than the highest: the score is a leak, not a preference. */
    public boolean leaks() {
      return lowestHit > highestHit;
    }
  }

  /** Measures {@link Diagnosis} on {@code data}'s test requests (what {@code goalrank info PREPARED} prints). */
  public static Diagnosis diagnose(PreparedDataset data) {
    int l = data.protocol().listLength();
    int counted = 0;
    int lowest = 0;
    int highest = 0;
    for (int r : data.indices(io.goalrank.data.Split.TEST)) {
      float[] scores = data.retrieverScores(r);
      float[] labels = data.labels(r);
      Integer[] order = new Integer[scores.length];
      boolean positive = false;
      for (int c = 0; c < scores.length; c++) {
        order[c] = c;
        positive |= labels[c] > 0;
      }
      if (!positive) {
        continue;
      }
      counted++;
      java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
      boolean low = false;
      boolean high = false;
      for (int k = 0; k < Math.min(l, scores.length); k++) {
        low |= labels[order[k]] > 0;
        high |= labels[order[scores.length - 1 - k]] > 0;
      }
      lowest += low ? 1 : 0;
      highest += high ? 1 : 0;
    }
    return new Diagnosis(counted, l, counted == 0 ? 0 : lowest / (double) counted,
        counted == 0 ? 0 : highest / (double) counted);
  }

  /** {@code auto}, {@code on} or {@code off}, as run records and reports print it. */
  public String label() {
    return name().toLowerCase();
  }
}
