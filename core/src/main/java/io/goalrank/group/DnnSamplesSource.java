package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.ScoringPolicy;

/** {@code dnn-pl}: Plackett–Luce samples from the trained DNN scorer's softmax. */
final class DnnSamplesSource implements GroupSource {
  private final ScoringPolicy dnn;
  private final int listLength;

  DnnSamplesSource(GroupContext context) {
    this.dnn = context.scorer("dnn");
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "dnn-pl";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return dnn.sample(batch, listLength, count, seed ^ 0x51L).lists();
  }
}
