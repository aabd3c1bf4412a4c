package io.goalrank.core;

import java.util.Objects;

/**
 * A batch of ranking requests as plain arrays, the unit every {@link RankingPolicy} works on.
 *
 * <p>Row {@code b} is one request: the user's {@code history} (item indices, oldest first, ragged),
 * {@code historyPositive} (1 where the feedback on that history item was positive), the {@code candidates}
 * (item indices, {@code N} per row) and, when known, the {@code labels} (1 for a ground-truth item with positive
 * feedback). Lists produced for a batch are <em>candidate slots</em> {@code 0..N-1}, not item ids.
 *
 * @param requestIds dataset row of each request (or -1 for ad-hoc requests)
 * @param users user index of each request (or -1 when unknown)
 * @param history item indices per request, oldest first
 * @param historyPositive 1/0 feedback per history item
 * @param candidates item indices, N per request
 * @param labels 0/1 per candidate, or null when unlabelled (serving)
 * @param retrieverScores stage-1 score per candidate, or null
 */
public record RequestBatch(
    int[] requestIds,
    int[] users,
    int[][] history,
    byte[][] historyPositive,
    int[][] candidates,
    float[][] labels,
    float[][] retrieverScores) {

  public RequestBatch {
    Objects.requireNonNull(candidates, "candidates");
    int b = candidates.length;
    if (requestIds.length != b || users.length != b || history.length != b || historyPositive.length != b) {
      throw new IllegalArgumentException("Batch columns differ in length");
    }
    if (labels != null && labels.length != b) {
      throw new IllegalArgumentException("labels has " + labels.length + " rows, expected " + b);
    }
  }

  public int size() {
    return candidates.length;
  }

  /** Candidates per request (all rows have the same count). */
  public int numCandidates() {
    return candidates.length == 0 ? 0 : candidates[0].length;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  /** This batch {@code times} times over: copy c of row b at row {@code c·size() + b} (arrays shared, not copied). */
  public RequestBatch repeated(int times) {
    if (times == 1) {
      return this;
    }
    int b = size();
    int n = b * times;
    int[] ids = new int[n];
    int[] us = new int[n];
    int[][] h = new int[n][];
    byte[][] hp = new byte[n][];
    int[][] c = new int[n][];
    float[][] l = labels == null ? null : new float[n][];
    float[][] s = retrieverScores == null ? null : new float[n][];
    for (int k = 0; k < times; k++) {
      System.arraycopy(requestIds, 0, ids, k * b, b);
      System.arraycopy(users, 0, us, k * b, b);
      System.arraycopy(history, 0, h, k * b, b);
      System.arraycopy(historyPositive, 0, hp, k * b, b);
      System.arraycopy(candidates, 0, c, k * b, b);
      if (l != null) {
        System.arraycopy(labels, 0, l, k * b, b);
      }
      if (s != null) {
        System.arraycopy(retrieverScores, 0, s, k * b, b);
      }
    }
    return new RequestBatch(ids, us, h, hp, c, l, s);
  }
}
