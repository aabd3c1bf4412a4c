package io.goalrank.core;

/**
 * The output of a {@link RankingPolicy} for a batch: one ordered list of candidate slots per request and,
 * optionally, a score per candidate (used for AUC).
 *
 * @param lists {@code [B][L]} candidate slots, best first
 * @param scores {@code [B][N]} a score per candidate, or null; evaluation then scores the item at rank t with
 *     {@code 1/t} and every other candidate with 0, as in the paper's released code
 */
public record RankedLists(int[][] lists, float[][] scores) {

  public static RankedLists of(int[][] lists) {
    return new RankedLists(lists, null);
  }

  public int size() {
    return lists.length;
  }
}
