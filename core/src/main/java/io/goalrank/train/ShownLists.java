package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;

/**
 * The lists shown for each request of a batch and the feedback on them, for the impression-trained reward models:
 * from {@link Impressions} in memory (looked up by request row), or from the records of the batch being streamed
 * from shards ({@link ShardedTrainingRequests#shownLists}).
 */
public interface ShownLists {
  /** {@code [B][K][L]}: the K shown lists of each request, as candidate slots. */
  int[][][] lists(RequestBatch batch);

  /** {@code [B][K][L]}: the feedback per position of those lists. */
  float[][][] clicks(RequestBatch batch);

  /** The impressions of a prepared dataset, by request row; a row without any fails naming it. */
  static ShownLists of(Impressions impressions) {
    return new ShownLists() {
      @Override
      public int[][][] lists(RequestBatch batch) {
        int[][][] out = new int[batch.size()][][];
        for (int b = 0; b < batch.size(); b++) {
          out[b] = impressions.lists()[row(batch, b)];
        }
        return out;
      }

      @Override
      public float[][][] clicks(RequestBatch batch) {
        float[][][] out = new float[batch.size()][][];
        for (int b = 0; b < batch.size(); b++) {
          out[b] = impressions.clicks()[row(batch, b)];
        }
        return out;
      }

      private int row(RequestBatch batch, int b) {
        int row = batch.requestIds()[b];
        if (!impressions.has(row)) {
          throw new IllegalArgumentException("request row " + row + " has no impressions");
        }
        return row;
      }
    };
  }
}
