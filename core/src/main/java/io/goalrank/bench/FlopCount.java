package io.goalrank.bench;

import io.goalrank.model.ModelConfig;

/**
 * Matrix-multiply FLOPs (2·m·n·k per product) of the GoalRank generator, counted from the {@link ModelConfig}.
 * Element-wise work (norms, softmax, GELU, masking, the Adam update) and gathers (embedding lookups, index picks)
 * are left out, as is usual for MFU. Objective conditioning and the retriever-score projection are not counted
 * (the benchmarked generator has neither). Three kinds of count:
 *
 * <ul>
 *   <li><b>Executed, reference</b> ({@link #decodeReference}, {@link #teacherForcedReference}): what the original
 *       decoder runs. A decoder call over G lists of T tokens does the one-hot pick of chosen encodings, per layer
 *       causal self-attention within each list (the full T×T score matrix, masked), cross-attention to the N
 *       candidates (their keys and values projected again in every call) and the feed-forward block, then the
 *       pointer query/key projections and scores. Greedy decoding re-runs that call on the whole prefix at every
 *       step, so step t costs a call with T = t+1; the recomputation is counted because it is executed.
 *   <li><b>Executed, fast</b> ({@link #decodeCached}, {@link #teacherForcedFast}): the key/value-cached decoder.
 *       The candidates' cross-attention keys/values (per layer) and pointer keys are projected once per request;
 *       step 0 runs one row per request (shared by its k lists), each later step k rows per request, each row one
 *       token attending to the t+1 cached positions of its list. The fast teacher-forced pass runs the start
 *       position once per request and then G'·(L−1) tokens (G' the largest number of distinct lists in the batch,
 *       padded); each list's tokens score all L positions of the start-plus-list stream (masked), the start's
 *       self-attention costs nothing (it sees only itself, so its output is its own value); picks are index
 *       gathers (0 FLOPs).
 *   <li><b>Minimum</b> ({@link #decodeMinimum}, {@link #teacherForcedMinimum}, {@link #trainingStepMinimum}): the
 *       least matmul work any correct implementation of the same model must do, the numerator of "useful MFU".
 *       Assumptions: every projection of every needed position is necessary; a token attends only to the
 *       positions it can see (itself and earlier positions of its list, so no masked scores), and the start's
 *       one-key attention is free; candidates are encoded and projected once per request; the pointer scores
 *       every candidate at every step (blocked ones included: the mask is part of the model's softmax); a history
 *       is not padded (the encoder's cost is linear in H, so the mean H over requests gives the sum). Identical
 *       lists of a request are forwarded once, so a group costs its <em>distinct</em> lists D (a mean, not padded
 *       to the batch's largest), and prefixes shared between different lists are not deduplicated (a prefix trie
 *       could save more). For greedy or sampled decoding this is the cached count at the unpadded history, less
 *       the start's one-key attention (4·d FLOPs per request and layer); for teacher forcing it is the same
 *       decoder work as a cached decode of D lists, since both run exactly the start once and D·(L−1) tokens with
 *       causal attention. A training step is 3 × that forward (the usual rule: the backward pass costs about twice
 *       the forward).
 * </ul>
 *
 * <p>Identities the tests pin: for L = 1 and one list the cached and reference decodes execute the same work, and
 * the cached one is smaller for every L ≥ 2; with G' = G,
 * {@code teacherForcedReference − teacherForcedFast = (G−1)·b·decoderRow + decoderLayers·4·d·b·G·L
 * + 2·b·G·(L−1)·N·d}: the G−1 redundant start positions per request, the start rows' self-attention scores over L
 * keys, and the one-hot picks; and minimum ≤ executed.
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

  /** Scores of {@code pairs} query–key pairs: QKᵀ and weights·V, summed over heads. */
  static double scores(double pairs, int d) {
    return 4.0 * pairs * d;
  }

  static double feedForward(double rows, int d, int ffn) {
    return dense(rows, d, ffn) + dense(rows, ffn, d);
  }

  /**
   * The context encoder for {@code b} requests of N candidates and H history tokens ({@code h} may be a mean over
   * requests: the count is linear in it).
   */
  public static double encoder(ModelConfig c, int b, int n, double h) {
    int d = c.hidden();
    double f = dense(b, d, d) + dense((double) b * n, d, d);
    for (int k = 0; k < c.encoderLayers(); k++) {
      f += attention(b, n, n, d) + attention(b, n, h, d) + feedForward((double) b * n, d, c.ffn());
    }
    return f;
  }

  /** One reference decoder call: {@code g} lists of {@code t} tokens for each of {@code b} requests. */
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

  /**
   * The per-token decoder work other than self-attention scores: per layer the self-attention Q/K/V/output and
   * cross-attention query/output projections, the cross-attention scores over N candidates and the feed-forward
   * block; then the pointer query projection and its N scores.
   */
  static double decoderRow(ModelConfig c, int n) {
    int d = c.hidden();
    double perLayer = 6 * dense(1, d, d) + scores(n, d) + feedForward(1, d, c.ffn());
    return c.decoderLayers() * perLayer + dense(1, d, d) + 2.0 * n * d;
  }

  /** Work done once per request by the cached decoders: per-layer cross-attention K/V and the pointer keys. */
  static double candidateProjections(ModelConfig c, int b, int n) {
    int d = c.hidden();
    return (2.0 * c.decoderLayers() + 1) * dense((double) b * n, d, d);
  }

  /**
   * Greedy (or sampled, with {@code g} lists) decoding of L items by the reference decoder: encoder plus L decoder
   * calls over the growing prefix.
   */
  public static double decodeReference(ModelConfig c, int b, int g, int n, double h) {
    double f = encoder(c, b, n, h);
    for (int t = 1; t <= c.listLength(); t++) {
      f += decoder(c, b, g, t, n);
    }
    return f;
  }

  /**
   * The cached decoder's work for {@code k} lists per request ({@code k} may be a mean): candidate projections
   * once, step 0 on one row per request, steps 1..L−1 on k rows per request, each row attending to t+1 positions.
   */
  static double decoderCached(ModelConfig c, int b, double k, int n) {
    int d = c.hidden();
    double f = candidateProjections(c, b, n);
    for (int t = 0; t < c.listLength(); t++) {
      double rows = t == 0 ? b : b * k;
      f += rows * decoderRow(c, n) + c.decoderLayers() * scores(rows * (t + 1), d);
    }
    return f;
  }

  /** Greedy (or sampled, with {@code k} lists) decoding by the cached (fast) decoder, as executed. */
  public static double decodeCached(ModelConfig c, int b, int k, int n, double h) {
    return encoder(c, b, n, h) + decoderCached(c, b, k, n);
  }

  /**
   * The least work of decoding {@code k} lists per request: the cached count at the unpadded mean history {@code h},
   * less the start's one-key self-attention, which needs no matmul.
   */
  public static double decodeMinimum(ModelConfig c, int b, int k, int n, double h) {
    return decodeCached(c, b, k, n, h) - startSelfScores(c, b);
  }

  /** The start token's self-attention over its one key, per request and decoder layer. */
  private static double startSelfScores(ModelConfig c, int b) {
    return c.decoderLayers() * scores(b, c.hidden());
  }

  /**
   * Teacher-forced log-probability of {@code g} lists per request by the reference: encoder plus one decoder call
   * over all L positions of every list.
   */
  public static double teacherForcedReference(ModelConfig c, int b, int g, int n, double h) {
    return encoder(c, b, n, h) + decoder(c, b, g, c.listLength(), n);
  }

  /**
   * The fast teacher-forced pass as executed, with {@code gDistinct} = G' packed lists per request (the batch's
   * largest distinct count): the start once per request, G'·(L−1) later tokens scoring all L stream positions.
   */
  public static double teacherForcedFast(ModelConfig c, int b, int gDistinct, int n, double h) {
    int l = c.listLength();
    if (l == 1) {
      return teacherForcedReference(c, b, gDistinct, n, h); // the fast path falls back to the reference here
    }
    double later = (double) b * gDistinct * (l - 1);
    double rows = b + later;
    return encoder(c, b, n, h) + candidateProjections(c, b, n) + rows * decoderRow(c, n)
        + c.decoderLayers() * scores(later * l, c.hidden());
  }

  /**
   * The least teacher-forced work for {@code distinct} = D distinct lists per request on average: the encoder at
   * the unpadded mean history and the decoder over 1 + D·(L−1) tokens with causal attention.
   */
  public static double teacherForcedMinimum(ModelConfig c, int b, double distinct, int n, double h) {
    return encoder(c, b, n, h) + decoderCached(c, b, distinct, n) - startSelfScores(c, b);
  }

  /** A reference training step: forward plus a backward pass costing about twice the forward (the 3× rule). */
  public static double trainingStepReference(ModelConfig c, int b, int g, int n, double h) {
    return 3 * teacherForcedReference(c, b, g, n, h);
  }

  /** A fast training step on G' packed lists per request (the 3× rule). */
  public static double trainingStepFast(ModelConfig c, int b, int gDistinct, int n, double h) {
    return 3 * teacherForcedFast(c, b, gDistinct, n, h);
  }

  /** The least work of a training step on D distinct lists per request on average (the 3× rule). */
  public static double trainingStepMinimum(ModelConfig c, int b, double distinct, int n, double h) {
    return 3 * teacherForcedMinimum(c, b, distinct, n, h);
  }
}
