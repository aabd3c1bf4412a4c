package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import java.util.List;

/**
 * {@code anchors}: one sample from each of the context's other trained generators in turn (round robin), e.g. the
 * single-objective models in the group of an objective-conditioned one.
 */
final class AnchorSource implements GroupSource {
  private final List<SamplingPolicy> anchors;
  private final int listLength;

  AnchorSource(GroupContext context) {
    this.anchors = context.anchors();
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "anchors";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    if (anchors.isEmpty()) {
      throw new IllegalStateException("the group uses anchors, but no anchor policies were given");
    }
    int[][][] out = new int[batch.size()][count][];
    for (int k = 0; k < count; k++) {
      int[][][] one = anchors.get(k % anchors.size()).sample(batch, listLength, 1, seed * 7919 + k).lists();
      for (int r = 0; r < batch.size(); r++) {
        out[r][k] = one[r][0];
      }
    }
    return out;
  }
}
