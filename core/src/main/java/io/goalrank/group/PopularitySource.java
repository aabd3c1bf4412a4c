package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.PopularityPolicy;

/** {@code popularity}: the candidates most frequent in the training histories first; one list per request. */
final class PopularitySource implements GroupSource {
  private final PopularityPolicy policy;
  private final int listLength;

  PopularitySource(GroupContext context) {
    this.policy = new PopularityPolicy(context.itemCounts());
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return GroupSource.repeat(policy.rank(batch, listLength).lists(), count);
  }
}
