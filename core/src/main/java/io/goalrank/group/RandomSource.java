package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.RandomPolicy;

/** {@code random}: uniformly random lists, list k of a step from its own seed. */
final class RandomSource implements GroupSource {
  private final int listLength;

  RandomSource(GroupContext context) {
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    int[][][] out = new int[batch.size()][count][];
    for (int k = 0; k < count; k++) {
      int[][] l = new RandomPolicy(seed * 131 + k).rank(batch, listLength).lists();
      for (int r = 0; r < batch.size(); r++) {
        out[r][k] = l[r];
      }
    }
    return out;
  }
}
