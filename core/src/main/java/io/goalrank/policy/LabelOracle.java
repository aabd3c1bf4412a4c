package io.goalrank.policy;

import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;

/**
 * An upper reference for label metrics, not a ranker: puts the labelled (positive) candidates first, breaking
 * ties by retriever score. It reads the test labels, so it only makes sense as a row that shows where the labels
 * themselves lead (for example, what true utility they have on simulated data).
 */
public final class LabelOracle implements RankingPolicy {

  @Override
  public String name() {
    return "oracle-labels";
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    if (!batch.hasLabels()) {
      throw new IllegalArgumentException("oracle-labels needs labelled requests");
    }
    int[][] lists = new int[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      int n = batch.numCandidates();
      float[] s = new float[n];
      float[] retriever = batch.retrieverScores() == null ? new float[n] : batch.retrieverScores()[b];
      float max = Float.NEGATIVE_INFINITY;
      float min = Float.POSITIVE_INFINITY;
      for (float v : retriever) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      float span = Math.max(max - min, 1e-6f);
      for (int c = 0; c < n; c++) {
        // labels dominate; the retriever score (scaled into [0, 1)) orders within each label
        s[c] = batch.labels()[b][c] * 2f + (retriever[c] - min) / span * 0.999f;
      }
      lists[b] = TopK.select(s, listLength);
    }
    return RankedLists.of(lists);
  }
}
