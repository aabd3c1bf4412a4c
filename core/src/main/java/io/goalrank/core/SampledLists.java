package io.goalrank.core;

/**
 * Lists sampled from a stochastic policy.
 *
 * @param lists {@code [B][K][L]} candidate slots
 * @param logProbs {@code [B][K]} log-probability of each list under the sampling policy, or null when the policy
 *     cannot tell (heuristics)
 */
public record SampledLists(int[][][] lists, float[][] logProbs) {

  public int batchSize() {
    return lists.length;
  }

  public int perRequest() {
    return lists.length == 0 ? 0 : lists[0].length;
  }
}
