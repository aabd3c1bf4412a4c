package io.goalrank.serve;

import io.goalrank.core.RequestBatch;

/**
 * One validated ranking request in model indices: what {@link RequestParser} makes of the JSON.
 *
 * @param user the caller's user id, echoed back (the model reads the history, not the id)
 * @param history known history items, oldest first (unknown ones already dropped)
 * @param historyPositive 1/0 feedback per kept history item
 * @param candidates candidate item indices, in request order
 * @param unknownHistory history items dropped because the model does not know them
 * @param objective objective weights, or null (the model's default: relevance only)
 * @param retrieverScores the stage-1 score of each candidate, or null when the caller sent none
 */
public record RankQuery(String user, int[] history, byte[] historyPositive, int[] candidates, int unknownHistory,
    float[] objective, float[] retrieverScores) {

  /** A query without objective weights or retriever scores. */
  public RankQuery(String user, int[] history, byte[] historyPositive, int[] candidates, int unknownHistory) {
    this(user, history, historyPositive, candidates, unknownHistory, null, null);
  }

  public RankQuery(String user, int[] history, byte[] historyPositive, int[] candidates, int unknownHistory,
      float[] objective) {
    this(user, history, historyPositive, candidates, unknownHistory, objective, null);
  }

  /**
   * What ranking this request costs: candidates × history items the model reads. The parser keeps only the items the
   * model reads (the last {@code maxHistory} known ones), and an empty history is still one padding token
   * ({@code BatchTensors}), so it counts as one. The encoder's cross-attention and its memory grow with this product.
   */
  public long cost() {
    return cost(candidates.length, history.length);
  }

  /** The cost of {@code candidates} candidates with a history of {@code history} items read. */
  public static long cost(int candidates, int history) {
    return (long) candidates * historyRead(history);
  }

  /** History positions the model reads for a history of {@code history} items: an empty one is a padding token. */
  static int historyRead(int history) {
    return Math.max(1, history);
  }

  /** Several queries with the same candidate count as one batch (rows in the given order). */
  public static RequestBatch batch(java.util.List<RankQuery> queries) {
    int b = queries.size();
    int[][] hist = new int[b][];
    byte[][] pos = new byte[b][];
    int[][] cands = new int[b][];
    int[] unknown = new int[b];
    // a batch carries retriever scores only if every query does (a model that needs them refuses queries without)
    float[][] retriever = queries.stream().allMatch(q -> q.retrieverScores() != null) ? new float[b][] : null;
    for (int r = 0; r < b; r++) {
      RankQuery q = queries.get(r);
      hist[r] = q.history();
      pos[r] = q.historyPositive();
      cands[r] = q.candidates();
      unknown[r] = -1;
      if (retriever != null) {
        retriever[r] = q.retrieverScores();
      }
    }
    return new RequestBatch(unknown, unknown.clone(), hist, pos, cands, null, retriever);
  }

  public RequestBatch toBatch() {
    return batch(java.util.List.of(this));
  }
}
