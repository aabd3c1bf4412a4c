package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;

/** {@code mf-order}: the stage-1 retriever's top L; one distinct list per request. */
final class RetrieverOrderSource implements GroupSource {
  private final RetrieverOrderPolicy policy = new RetrieverOrderPolicy();
  private final int listLength;

  RetrieverOrderSource(GroupContext context) {
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "mf-order";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return GroupSource.repeat(policy.rank(batch, listLength).lists(), count);
  }
}
