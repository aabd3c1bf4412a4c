package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.ScoringPolicy;

/** {@code dnn}: the trained DNN scorer's greedy list; one list per request. */
final class DnnGreedySource implements GroupSource {
  private final ScoringPolicy dnn;
  private final int listLength;

  DnnGreedySource(GroupContext context) {
    this.dnn = context.scorer("dnn");
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "dnn";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return GroupSource.repeat(dnn.rank(batch, listLength).lists(), count);
  }
}
