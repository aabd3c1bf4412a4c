package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;

/**
 * A {@link RequestBatch} as tensors, created in the caller's (per-step) manager so they are freed with it.
 *
 * <p>Item indices are shifted by one: row 0 of the item table is padding. History is right-aligned (most recent
 * last) and truncated to {@code maxHistory}; a request with no history gets one unmasked padding token so that
 * attention over it is defined.
 *
 * @param historyItems {@code [B, H]} int64
 * @param historyFeedback {@code [B, H]} int64, 1 for positive feedback
 * @param historyMask {@code [B, 1, 1, H]} additive mask (0 keep, -1e9 padding)
 * @param historyWeights {@code [B, H, 1]} 1/count for real tokens, for masked mean pooling
 * @param candidates {@code [B, N]} int64
 * @param retrieverScores the batch's stage-1 scores per request, or null when it has none; turned into a tensor only
 *     by a network that reads them ({@link #requireRetrieverScores})
 */
public record BatchTensors(
    NDArray historyItems, NDArray historyFeedback, NDArray historyMask, NDArray historyWeights, NDArray candidates,
    float[][] retrieverScores) {

  public BatchTensors(
      NDArray historyItems, NDArray historyFeedback, NDArray historyMask, NDArray historyWeights, NDArray candidates) {
    this(historyItems, historyFeedback, historyMask, historyWeights, candidates, null);
  }

  public static final float BLOCKED = -1e9f;

  /** What a network that reads retriever scores says to a batch without them. */
  public static final String MISSING_RETRIEVER_SCORES = "this model reads the stage-1 retriever's scores (field "
      + "retrieverScores), and the request has none";

  /** {@code [rows, cols]} float32 from equal-length rows (per-request scores, rewards, objective weights). */
  public static NDArray matrix(NDManager manager, float[][] rows) {
    int cols = rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + cols);
      }
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return manager.create(flat, new ai.djl.ndarray.types.Shape(rows.length, cols));
  }

  public static BatchTensors of(NDManager manager, RequestBatch batch, int maxHistory) {
    int b = batch.size();
    int n = batch.numCandidates();
    int h = 1;
    for (int[] hist : batch.history()) {
      h = Math.max(h, Math.min(maxHistory, hist.length));
    }
    long[] items = new long[b * h];
    long[] feedback = new long[b * h];
    float[] mask = new float[b * h];
    float[] weights = new float[b * h];
    long[] cands = new long[b * n];
    for (int r = 0; r < b; r++) {
      int[] hist = batch.history()[r];
      byte[] pos = batch.historyPositive()[r];
      int take = Math.min(maxHistory, hist.length);
      int offset = h - take;
      for (int k = 0; k < h; k++) {
        mask[r * h + k] = BLOCKED;
      }
      for (int k = 0; k < take; k++) {
        int src = hist.length - take + k;
        items[r * h + offset + k] = hist[src] + 1L;
        feedback[r * h + offset + k] = pos[src];
        mask[r * h + offset + k] = 0f;
        weights[r * h + offset + k] = 1f / take;
      }
      if (take == 0) {
        mask[r * h + h - 1] = 0f;
        weights[r * h + h - 1] = 1f;
      }
      int[] c = batch.candidates()[r];
      if (c.length != n) {
        throw new IllegalArgumentException("request " + r + " has " + c.length + " candidates, expected " + n);
      }
      for (int k = 0; k < n; k++) {
        cands[r * n + k] = c[k] + 1L;
      }
    }
    return new BatchTensors(
        manager.create(items, new Shape(b, h)),
        manager.create(feedback, new Shape(b, h)),
        manager.create(mask, new Shape(b, 1, 1, h)),
        manager.create(weights, new Shape(b, h, 1)),
        manager.create(cands, new Shape(b, n)),
        batch.retrieverScores());
  }

  /**
   * Each request's scores as z-scores: retrievers differ in scale (dot products, logits, BM25), and what a
   * re-ranker can use is where a candidate stands among this request's candidates.
   */
  static float[] standardised(float[][] scores, int n) {
    float[] out = new float[scores.length * n];
    for (int r = 0; r < scores.length; r++) {
      standardise(scores[r], r, n, out, r * n);
    }
    return out;
  }

  /**
   * Request {@code r}'s scores as z-scores into {@code out[offset .. offset+n)}: the one definition of the retriever
   * feature, shared by the DJL networks and the Java serving engine (which must compute exactly the same).
   *
   * @throws IllegalArgumentException when the row has another length than {@code n} or a non-finite score
   */
  public static void standardise(float[] scores, int r, int n, float[] out, int offset) {
    if (scores.length != n) {
      throw new IllegalArgumentException(
          "retrieverScores of request " + r + " has " + scores.length + " values, expected " + n);
    }
    double mean = 0;
    for (float x : scores) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("retrieverScores of request " + r + " holds a non-finite value: " + x);
      }
      mean += x;
    }
    mean /= n;
    double var = 0;
    for (float x : scores) {
      var += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(var / n) + 1e-6;
    for (int k = 0; k < n; k++) {
      out[offset + k] = (float) ((scores[k] - mean) / std);
    }
  }

  /**
   * The retriever feature for a network whose config asks for it: the scores z-scored within each request,
   * {@code [B, N, 1]}, in the candidates' manager.
   *
   * @throws IllegalArgumentException naming the missing field when the batch has no retriever scores
   */
  public NDArray requireRetrieverScores() {
    if (retrieverScores == null) {
      throw new IllegalArgumentException(MISSING_RETRIEVER_SCORES);
    }
    int b = batchSize();
    int n = numCandidates();
    if (retrieverScores.length != b) {
      throw new IllegalArgumentException("retrieverScores has " + retrieverScores.length + " rows, expected " + b);
    }
    return candidates.getManager().create(standardised(retrieverScores, n), new Shape(b, n, 1));
  }

  /**
   * History tokens {@code [B, H, d]} (item embedding + feedback embedding) and the user vector {@code [B, d]},
   * their masked mean: the user state every network in this package starts from.
   */
  public NDArray[] historyAndUser(ai.djl.training.ParameterStore ps, Table items, Table feedback, boolean training) {
    NDArray tokens = items.lookup(ps, historyItems, training).add(feedback.lookup(ps, historyFeedback, training));
    return new NDArray[] {tokens, tokens.mul(historyWeights).sum(new int[] {1})};
  }

  /**
   * The rows of {@code perCandidate} that lists point at: one-hot slots times the values, one batched matmul.
   *
   * @param lists {@code [B, G, T]} int64 candidate slots
   * @param perCandidate {@code [B, N, d]} one row per candidate
   * @return {@code [B, G, T, d]}
   */
  public static NDArray pickSlots(NDArray lists, NDArray perCandidate) {
    Shape s = lists.getShape();
    long n = perCandidate.getShape().get(1);
    long d = perCandidate.getShape().get(2);
    return lists.oneHot((int) n).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
        .reshape(s.get(0), s.get(1) * s.get(2), n).matMul(perCandidate).reshape(s.get(0), s.get(1), s.get(2), d);
  }

  /** The NDList form used by DJL's {@code Block#forward}: the five arrays in declaration order (no retriever scores). */
  public static BatchTensors of(ai.djl.ndarray.NDList in) {
    return new BatchTensors(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4));
  }

  public int batchSize() {
    return (int) candidates.getShape().get(0);
  }

  public int numCandidates() {
    return (int) candidates.getShape().get(1);
  }
}
