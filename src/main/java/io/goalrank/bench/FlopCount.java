package io.goalrank.bench;

import io.goalrank.model.ModelConfig;

/**
 * Matrix-multiply FLOPs (2·m·n·k per product) of the GoalRank generator as this code runs it, counted from the
 * {@link ModelConfig}. Element-wise work (norms, softmax, GELU, masking) and embedding lookups are left out, as is
 * usual for MFU. What is counted follows {@code ContextEncoder}, {@code TransformerLayer}, {@code Attention} and
 * {@code PointerGenerator}:
 *
 * <ul>
 *   <li>encoder, per request: user and item projections, then per layer self-attention over the N candidates,
 *       cross-attention to the H history tokens and the feed-forward block;
 *   <li>decoder call over G lists of T tokens: the one-hot pick of chosen encodings, per layer causal
 *       self-attention within each list, cross-attention to the N candidates and the feed-forward block, then
 *       the query/key projections and the pointer scores;
 *   <li>greedy decoding re-runs the decoder on the whole prefix at every step (no key/value cache), so step t costs
 *       a decoder call with T = t+1, and those recomputed FLOPs are counted because they are executed.
 * </ul>
 */
public final class FlopCount {
  private FlopCount() {}

  static double dense(double rows, int in, int out) {
    return 2.0 * rows * in * out;
  }

  /** One multi-head attention: {@code queries} rows attending to {@code keys} rows, per sequence. */
  static double attention(double sequences, double queries, double keys, int d) {
    double projections = dense(sequences * queries, d, d) * 2 + dense(sequences * keys, d, d) * 2;
    double scores = 2.0 * sequences * queries * keys * d * 2; // QKᵀ and weights·V, summed over heads
    return projections + scores;
  }

  static double feedForward(double rows, int d, int ffn) {
    return dense(rows, d, ffn) + dense(rows, ffn, d);
  }

  /** The context encoder for {@code b} requests of N candidates and H (padded) history tokens. */
  public static double encoder(ModelConfig c, int b, int n, int h) {
    int d = c.hidden();
    double f = dense(b, d, d) + dense((double) b * n, d, d);
    for (int k = 0; k < c.encoderLayers(); k++) {
      f += attention(b, n, n, d) + attention(b, n, h, d) + feedForward((double) b * n, d, c.ffn());
    }
    return f;
  }

  /** One decoder call: {@code g} lists of {@code t} tokens for each of {@code b} requests. */
  public static double decoder(ModelConfig c, int b, int g, int t, int n) {
    int d = c.hidden();
    double rows = (double) b * g * t;
    double f = 2.0 * b * g * (t - 1) * n * d; // one-hot rows × candidate encodings
    for (int k = 0; k < c.decoderLayers(); k++) {
      f += attention((double) b * g, t, t, d) + attention(b, (double) g * t, n, d) + feedForward(rows, d, c.ffn());
    }
    f += dense(rows, d, d) + dense((double) b * n, d, d) + 2.0 * rows * n * d;
    return f;
  }

  /** Greedy (or sampled, with {@code g} lists) decoding of L items: encoder plus L decoder calls. */
  public static double decode(ModelConfig c, int b, int g, int n, int h) {
    double f = encoder(c, b, n, h);
    for (int t = 1; t <= c.listLength(); t++) {
      f += decoder(c, b, g, t, n);
    }
    return f;
  }

  /** Teacher-forced log-probability of {@code g} lists per request: encoder plus one decoder call over L tokens. */
  public static double teacherForced(ModelConfig c, int b, int g, int n, int h) {
    return encoder(c, b, n, h) + decoder(c, b, g, c.listLength(), n);
  }

  /** A training step: forward plus a backward pass costing about twice the forward (the usual 3× rule). */
  public static double trainingStep(ModelConfig c, int b, int g, int n, int h) {
    return 3 * teacherForced(c, b, g, n, h);
  }
}
