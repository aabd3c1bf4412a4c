package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;

/** {@code generator}: samples from the generator being trained (π_θ itself, at its sampling temperature). */
final class GeneratorSamplesSource implements GroupSource {
  private final int listLength;

  GeneratorSamplesSource(GroupContext context) {
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "generator";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    if (generator == null) {
      throw new IllegalStateException("the group samples the generator, but it is built without one");
    }
    return generator.sample(batch, listLength, count, seed ^ 0x6E6L).lists();
  }
}
