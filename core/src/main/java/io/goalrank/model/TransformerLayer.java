package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A pre-norm Transformer layer: self-attention, optional cross-attention to a memory (the user's history for the
 * candidate encoder, the candidate encodings for the pointer decoder), then a feed-forward block, each with a
 * residual connection.
 */
public final class TransformerLayer extends Composite {
  private final Norm selfNorm;
  private final Attention selfAttention;
  private final Norm crossNorm;
  private final Attention crossAttention;
  private final Norm ffnNorm;
  private final Dense ffnIn;
  private final Dense ffnOut;
  private final float dropout;

  public TransformerLayer(int dim, int heads, int ffnDim, boolean cross, float dropout) {
    this.dropout = dropout;
    selfNorm = addChildBlock("selfNorm", new Norm(dim));
    selfAttention = addChildBlock("selfAttention", new Attention(dim, heads));
    if (cross) {
      crossNorm = addChildBlock("crossNorm", new Norm(dim));
      crossAttention = addChildBlock("crossAttention", new Attention(dim, heads));
    } else {
      crossNorm = null;
      crossAttention = null;
    }
    ffnNorm = addChildBlock("ffnNorm", new Norm(dim));
    ffnIn = addChildBlock("ffnIn", new Dense(dim, ffnDim));
    ffnOut = addChildBlock("ffnOut", new Dense(ffnDim, dim));
  }

  /**
   * @param x {@code [..., T, d]}
   * @param selfMask additive mask for self-attention, or null
   * @param memory {@code [..., Tm, d]} for cross-attention (ignored when the layer has none)
   * @param memoryMask additive mask over memory positions, or null
   */
  public NDArray apply(ParameterStore ps, NDArray x, NDArray selfMask, NDArray memory, NDArray memoryMask,
      boolean training) {
    NDArray h = selfNorm.apply(ps, x, training);
    x = x.add(drop(selfAttention.apply(ps, h, h, selfMask, dropout, training), training));
    if (crossAttention != null && memory != null) {
      h = crossNorm.apply(ps, x, training);
      x = x.add(drop(crossAttention.apply(ps, h, memory, memoryMask, dropout, training), training));
    }
    h = ffnNorm.apply(ps, x, training);
    h = ffnOut.apply(ps, Activation.gelu(ffnIn.apply(ps, h, training)), training);
    return x.add(drop(h, training));
  }

  /**
   * {@link #apply} for inference on rows: {@code x} {@code [B·T, d]}, {@code memory} {@code [B·Tm, d]} (or null),
   * fused projections and two-dimensional Linear layers ({@link Attention#applyRows}); no dropout.
   */
  NDArray applyRows(ParameterStore ps, NDArray x, long b, long t, NDArray memory, long tm, NDArray memoryMask) {
    x = x.add(selfAttention.applyRows(ps, selfNorm.apply(ps, x, false), b, t, null, 0, null));
    if (crossAttention != null && memory != null) {
      x = x.add(crossAttention.applyRows(ps, crossNorm.apply(ps, x, false), b, t, memory, tm, memoryMask));
    }
    return feedForward(ps, x, false);
  }

  /**
   * The decoder form: {@code x} is {@code [B, G, T, d]} (G lists of T tokens per request) and {@code memory} is
   * {@code [B, N, d]}. Self-attention runs within each list ({@code [B·G, T, d]}, causal mask); cross-attention
   * folds the lists into the query axis ({@code [B, G·T, d]}), so the memory is never copied G times (a broadcast
   * matmul would materialise that copy).
   */
  public NDArray applyGrouped(ParameterStore ps, NDArray x, NDArray selfMask, NDArray memory, boolean training) {
    Shape s = x.getShape();
    long b = s.get(0);
    long g = s.get(1);
    long t = s.get(2);
    long d = s.get(3);
    NDArray h = selfNorm.apply(ps, x, training).reshape(b * g, t, d);
    x = x.add(drop(selfAttention.apply(ps, h, h, selfMask, dropout, training).reshape(s), training));
    if (crossAttention != null && memory != null) {
      h = crossNorm.apply(ps, x, training).reshape(b, g * t, d);
      x = x.add(drop(crossAttention.apply(ps, h, memory, null, dropout, training).reshape(s), training));
    }
    h = ffnNorm.apply(ps, x, training);
    h = ffnOut.apply(ps, Activation.gelu(ffnIn.apply(ps, h, training)), training);
    return x.add(drop(h, training));
  }

  /**
   * The teacher-forced decoder form with the start position shared: {@code start} {@code [B, 1, d]} is the start
   * position of all G lists of a request, {@code rest} {@code [B, G·T, d]} each list's T later positions ({@link
   * Attention#applySharedStart}); cross-attention (memory keys and values projected once) and the feed-forward
   * block are per token. Equals {@link #applyGrouped} on the G full lists.
   *
   * @return the updated start and rest
   */
  NDArray[] applySharedStart(ParameterStore ps, NDArray start, NDArray rest, int lists, int steps, NDArray selfMask,
      NDArray memory, boolean training) {
    NDArray[] attended = selfAttention.applySharedStart(ps, selfNorm.apply(ps, start, training),
        selfNorm.apply(ps, rest, training), lists, steps, selfMask, dropout, training);
    start = start.add(drop(attended[0], training));
    rest = rest.add(drop(attended[1], training));
    NDArray[] crossed = crossAttention.applyToBoth(ps, crossNorm.apply(ps, start, training),
        crossNorm.apply(ps, rest, training), memory, dropout, training);
    start = start.add(drop(crossed[0], training));
    rest = rest.add(drop(crossed[1], training));
    return new NDArray[] {feedForward(ps, start, training), feedForward(ps, rest, training)};
  }

  /** {@code x + FFN(LN(x))}. */
  private NDArray feedForward(ParameterStore ps, NDArray x, boolean training) {
    NDArray h = ffnOut.apply(ps, Activation.gelu(ffnIn.apply(ps, ffnNorm.apply(ps, x, training), training)), training);
    return x.add(drop(h, training));
  }

  /**
   * What one decoder layer keeps between decoding steps: its fused self-attention projection, the keys and values
   * of every position decoded so far ({@code [R, heads, t, dh]}, R = B·K rows), and the candidates' cross-attention
   * keys and values ({@code [B, heads, N, dh]}, computed once per request and read by all K lists).
   */
  final class Cache {
    private final DecodeWeights weights;
    private final NDArray crossKeys;
    private final NDArray crossValues;
    private NDArray selfKeys;
    private NDArray selfValues;

    private Cache(ParameterStore ps, NDArray memory, DecodeWeights weights) {
      this.weights = weights;
      NDArray[] kv = crossAttention.keysAndValues(ps, memory, false);
      crossKeys = kv[0].swapAxes(-1, -2); // [B, heads, dh, N]
      crossValues = kv[1];
    }

    /** Repeats every row's cached keys and values {@code k} times: the K lists of a request after its start. */
    void expandRows(long b, int k) {
      selfKeys = repeatRows(selfKeys, b, k);
      selfValues = repeatRows(selfValues, b, k);
    }

    private NDArray repeatRows(NDArray x, long b, int k) {
      Shape s = x.getShape(); // [B, heads, t, dh]
      return x.expandDims(1).broadcast(new Shape(b, k, s.get(1), s.get(2), s.get(3)))
          .reshape(b * k, s.get(1), s.get(2), s.get(3));
    }
  }

  /**
   * Weights derived for decoding, valid while the parameters are unchanged: the fused self-attention projection
   * and the cross-attention query projection, each with the score scale folded in.
   */
  record DecodeWeights(NDArray[] fusedSelf, NDArray[] crossQuery) {
    List<NDArray> arrays() {
      return List.of(fusedSelf[0], fusedSelf[1], crossQuery[0], crossQuery[1]);
    }
  }

  /** This layer's {@link DecodeWeights}, created in {@code scope}. */
  DecodeWeights decodeWeights(ParameterStore ps, NDManager scope) {
    if (crossAttention == null) {
      throw new IllegalStateException("decoding needs a layer with cross-attention");
    }
    return new DecodeWeights(selfAttention.fusedQkv(ps, scope, false), crossAttention.scaledQuery(ps, scope, false));
  }

  /** A fresh cache for decoding against {@code memory} {@code [B, N, d]}; inference only (no dropout, no grad). */
  Cache newCache(ParameterStore ps, NDArray memory, DecodeWeights weights) {
    return new Cache(ps, memory, weights);
  }

  /**
   * One decoding step: {@code x} is {@code [B·K, d]}, the newest token of each of K lists per request. Its
   * keys and values join the cache, it attends to every cached position of its own list (all earlier, so no mask
   * is needed) and to the request's candidates. Equals the uncached {@link #applyGrouped} at that position.
   */
  NDArray decodeStep(ParameterStore ps, NDArray x, Cache cache, long b, long k) {
    // x stays two-dimensional, [R, d] with R = B·K rows: a 2-D Linear is one fused multiply-add (addmm), and at
    // batch 1 the number of native calls, not arithmetic, sets the latency
    long d = x.getShape().get(1);
    int heads = selfAttention.heads();
    long dh = d / heads;
    long rows = b * k;
    NDArray h = selfNorm.apply(ps, x, false);
    NDList qkv = ai.djl.nn.core.Linear.linear(h, cache.weights.fusedSelf()[0], cache.weights.fusedSelf()[1]).singletonOrThrow()
        .reshape(rows, 3L * heads, 1, dh).split(3, 1); // each [R, heads, 1, dh]
    cache.selfKeys = cache.selfKeys == null ? qkv.get(1) : cache.selfKeys.concat(qkv.get(1), 2);
    cache.selfValues = cache.selfValues == null ? qkv.get(2) : cache.selfValues.concat(qkv.get(2), 2);
    NDArray attended = qkv.get(0).matMul(cache.selfKeys.swapAxes(-1, -2)).softmax(-1).matMul(cache.selfValues);
    x = x.add(selfAttention.project(ps, attended.reshape(rows, d), false));
    h = crossNorm.apply(ps, x, false);
    NDArray cq = ai.djl.nn.core.Linear.linear(h, cache.weights.crossQuery()[0], cache.weights.crossQuery()[1]).singletonOrThrow();
    // [B, heads, K, dh]; with one list per request the head split is a plain reshape
    cq = k == 1 ? cq.reshape(b, heads, 1, dh) : cq.reshape(b, k, heads, dh).swapAxes(1, 2);
    NDArray crossed = cq.matMul(cache.crossKeys).softmax(-1).matMul(cache.crossValues); // [B, heads, K, dh]
    crossed = k == 1 ? crossed.reshape(rows, d) : crossed.swapAxes(1, 2).reshape(rows, d);
    x = x.add(crossAttention.project(ps, crossed, false));
    h = ffnNorm.apply(ps, x, false);
    return x.add(ffnOut.apply(ps, Activation.gelu(ffnIn.apply(ps, h, false)), false));
  }

  private NDArray drop(NDArray x, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(apply(ps, in.get(0), null, in.size() > 1 ? in.get(1) : null, null, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
