package io.goalrank.sim;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.data.IdIndex;
import java.util.Random;

/**
 * The simulator's logging policy ({@link Simulator#loggingPolicyList}) applied to a request's candidates: the
 * "what production did" baseline. Each request gets its own random stream derived from {@code seed} and its
 * request id, so a request's list does not depend on the batch it is in. As a {@link SamplingPolicy} it is the
 * production policy an auxiliary group source would sample from ({@code logging} in a group spec).
 */
public final class LoggingPolicy implements SamplingPolicy {
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

  /** {@code perRequest} independent draws per request; log-probabilities are not tracked (NaN). */
  @Override
  public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
    int[][][] lists = new int[batch.size()][perRequest][];
    float[][] logProbs = new float[batch.size()][perRequest];
    for (int b = 0; b < batch.size(); b++) {
      Random rng = new Random(Simulator.mix(seed, batch.requestIds()[b]));
      int user = ids.user(batch.users()[b]);
      int[] candidates = ids.candidates(batch, b);
      for (int k = 0; k < perRequest; k++) {
        lists[b][k] = sim.loggingPolicyList(user, candidates, listLength, rng);
        logProbs[b][k] = Float.NaN;
      }
    }
    return new SampledLists(lists, logProbs);
  }
}
