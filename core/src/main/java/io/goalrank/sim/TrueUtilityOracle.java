package io.goalrank.sim;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;

/**
 * An upper reference, not a ranker: greedily builds each list to maximise the simulator's true utility, which no
 * real system can see. Shows how far every policy is from the best list the candidates allow.
 */
public final class TrueUtilityOracle implements RankingPolicy {
  private final Simulator sim;
  private final SimIdMap ids;

  public TrueUtilityOracle(Simulator sim, IdIndex userIds, IdIndex itemIds) {
    this.sim = sim;
    this.ids = new SimIdMap(sim, userIds, itemIds);
  }

  @Override
  public String name() {
    return "oracle-true-utility";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int[][] lists = new int[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      lists[b] = sim.optimalGreedyList(ids.user(batch.users()[b]), ids.candidates(batch, b), listLength);
    }
    return RankedLists.of(lists);
  }
}
