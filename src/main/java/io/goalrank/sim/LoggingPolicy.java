package io.goalrank.sim;

import io.goalrank.data.IdIndex;
import io.goalrank.policy.RankedLists;
import io.goalrank.policy.RankingPolicy;
import io.goalrank.policy.RequestBatch;
import java.util.Random;

/**
 * The simulator's logging policy ({@link Simulator#loggingPolicyList}) applied to a request's candidates: the
 * "what production did" baseline. Each request gets its own random stream derived from {@code seed} and its
 * request id, so a request's list does not depend on the batch it is in.
 */
public final class LoggingPolicy implements RankingPolicy {
  private final Simulator sim;
  private final SimIdMap ids;
  private final long seed;

  public LoggingPolicy(Simulator sim, IdIndex userIds, IdIndex itemIds, long seed) {
    this.sim = sim;
    this.ids = new SimIdMap(sim, userIds, itemIds);
    this.seed = seed;
  }

  @Override
  public String name() {
    return "logging-policy";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    int[][] lists = new int[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      Random rng = new Random(Simulator.mix(seed, batch.requestIds()[b]));
      lists[b] = sim.loggingPolicyList(ids.user(batch.users()[b]), ids.candidates(batch, b), listLength, rng);
    }
    return RankedLists.of(lists);
  }
}
