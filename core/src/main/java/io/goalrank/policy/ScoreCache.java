package io.goalrank.policy;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import java.util.function.Function;

/**
 * Per-candidate scores of a fixed (frozen) scorer computed once for every request of a dataset, so training loops
 * read them instead of re-running the network every epoch. Looks requests up by {@link RequestBatch#requestIds}.
 */
public final class ScoreCache implements Function<RequestBatch, float[][]> {
  private final float[][] byRow;
  private final Function<RequestBatch, float[][]> fallback;

  private ScoreCache(float[][] byRow, Function<RequestBatch, float[][]> fallback) {
    this.byRow = byRow;
    this.fallback = fallback;
  }

  /** Scores every request of {@code data} with {@code scorer}, {@code batchSize} at a time. */
  public static ScoreCache of(PreparedDataset data, Function<RequestBatch, float[][]> scorer, int batchSize) {
    float[][] byRow = new float[data.size()][];
    int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
    for (RequestBatch batch : data.batches(all, batchSize)) {
      float[][] s = scorer.apply(batch);
      for (int b = 0; b < batch.size(); b++) {
        byRow[batch.requestIds()[b]] = s[b];
      }
    }
    return new ScoreCache(byRow, scorer);
  }

  /** Cached scores; requests not from the dataset (id −1) are scored live. */
  @Override
  public float[][] apply(RequestBatch batch) {
    for (int id : batch.requestIds()) {
      if (id < 0 || id >= byRow.length) {
        return fallback.apply(batch);
      }
    }
    float[][] out = new float[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      out[b] = byRow[batch.requestIds()[b]];
    }
    return out;
  }
}
