package io.goalrank.core;

/**
 * Produces one ordered list of {@code listLength} candidate slots for every request of a batch. Heuristics, the
 * generator-only baselines, Generator-Evaluator systems and GoalRank itself all implement this seam, so the
 * evaluation runner and the ranking service treat them alike.
 *
 * <p>Implementations must return, for each request, {@code listLength} distinct slots in {@code [0, N)}.
 */
public interface RankingPolicy {

  /** A short, stable name used in tables and on the command line. */
  String name();

  RankedLists rank(RequestBatch batch, int listLength);
}
