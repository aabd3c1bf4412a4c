package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;

/**
 * A deterministic member of a multi-generator system: its "samples" are its greedy list, repeated. Multi-G-E
 * systems (G-n) use one per trained model, so each distinct model contributes its own best list before any
 * sampled variants.
 */
public final class GreedyProposer implements SamplingPolicy {
  private final RankingPolicy policy;

  public GreedyProposer(RankingPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return policy.name() + "@greedy";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    return policy.rank(batch, listLength);
  }

  @Override
  public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
    int[][] greedy = policy.rank(batch, listLength).lists();
    int[][][] lists = new int[greedy.length][perRequest][];
    for (int b = 0; b < greedy.length; b++) {
      for (int k = 0; k < perRequest; k++) {
        lists[b][k] = greedy[b].clone();
      }
    }
    return new SampledLists(lists, null);
  }
}
