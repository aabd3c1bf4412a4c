package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.sim.LoggingPolicy;
import io.goalrank.sim.Simulator;

/**
 * {@code logging}: samples from the simulator's logging policy, the production ranker of simulated data. The policy
 * is the context's {@link LoggingPolicy} extra when one is given, else built from the simulator that generated the
 * dataset (rebuilt once per context from the dataset's settings) with the context's seed.
 */
final class LoggingSource implements GroupSource {
  private final SamplingPolicy logging;
  private final int listLength;

  LoggingSource(GroupContext context) {
    this.listLength = context.listLength();
    this.logging = context.extra(LoggingPolicy.class).map(SamplingPolicy.class::cast).orElseGet(() -> {
      PreparedDataset data = context.data();
      Simulator sim = data == null ? null : context.derived("simulator", () -> Simulator.of(data)).orElse(null);
      if (sim == null) {
        throw new IllegalArgumentException("uses the logging policy, which only simulated data has");
      }
      return new LoggingPolicy(sim, data.userIds(), data.itemIds(), context.seed());
    });
  }

  @Override
  public String name() {
    return "logging";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return logging.sample(batch, listLength, count, seed ^ 0x106L).lists();
  }
}
