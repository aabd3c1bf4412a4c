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
    return resolve(data.info().getOrDefault("protocol.negatives", NegativeSampling.RETRIEVER.name()));
  }

  /** {@code auto}, {@code on} or {@code off}, as run records and reports print it. */
  public String label() {
    return name().toLowerCase();
  }
}
