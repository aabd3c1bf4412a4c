package io.goalrank.core;

/** A policy that can also sample lists, for building training groups and for G-E systems. */
public interface SamplingPolicy extends RankingPolicy {

  /**
   * Samples {@code perRequest} lists per request. The same {@code seed} gives the same lists for the same batch.
   */
  SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed);
}
