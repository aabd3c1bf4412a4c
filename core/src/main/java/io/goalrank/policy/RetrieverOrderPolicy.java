package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;

/**
 * Keeps the stage-1 retriever's order: the top-L candidates by {@link RequestBatch#retrieverScores()}, ties to the
 * lower slot. Its scores are the retriever scores themselves.
 */
public final class RetrieverOrderPolicy implements RankingPolicy {

  @Override
  public String name() {
    return "mf-order";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    float[][] scores = batch.retrieverScores();
    if (scores == null) {
      throw new IllegalArgumentException(name() + ": the batch has no retriever scores");
    }
    int[][] lists = new int[batch.size()][];
    float[][] out = new float[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      lists[b] = TopK.select(scores[b], listLength);
      out[b] = scores[b].clone();
    }
    return new RankedLists(lists, out);
  }
}
