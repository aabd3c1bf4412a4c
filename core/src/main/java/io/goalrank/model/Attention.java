package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product attention over the last two axes, with any number of leading axes that
 * broadcast. Queries {@code [..., Tq, d]} attend to keys/values {@code [..., Tk, d]}; a query batch of shape
 * {@code [B, G, Tq, d]} can attend to memory of shape {@code [B, 1, Tk, d]}, which is how a group of G lists
 * reads one request's candidate encodings without copying them G times.
 */
public final class Attention extends Composite {
  private final int dim;
  private final int heads;
  private final Dense query;
  private final Dense key;
  private final Dense value;
  private final Dense output;

  public Attention(int dim, int heads) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("hidden size " + dim + " is not divisible by heads " + heads);
    }
    this.dim = dim;
    this.heads = heads;
    query = addChildBlock("query", new Dense(dim, dim));
    key = addChildBlock("key", new Dense(dim, dim));
    value = addChildBlock("value", new Dense(dim, dim));
    output = addChildBlock("output", new Dense(dim, dim));
  }

  /**
   * @param mask additive mask broadcastable to {@code [..., heads, Tq, Tk]} (0 to keep, a large negative value
   *     to block), or null
   */
  public NDArray apply(ParameterStore ps, NDArray q, NDArray kv, NDArray mask, float dropout, boolean training) {
    NDArray qh = split(query.apply(ps, q, training));
    NDArray kh = split(key.apply(ps, kv, training));
    NDArray vh = split(value.apply(ps, kv, training));
    NDArray scores = Scalars.div(qh.matMul(kh.swapAxes(-1, -2)), (float) Math.sqrt((double) dim / heads));
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray weights = scores.softmax(-1);
    if (training && dropout > 0) {
      weights = ai.djl.nn.norm.Dropout.dropout(weights, dropout, true).singletonOrThrow();
    }
    NDArray merged = weights.matMul(vh).swapAxes(-2, -3); // [..., Tq, heads, dh]
    Shape s = merged.getShape();
    return output.apply(ps, merged.reshape(s.slice(0, s.dimension() - 2).add(dim)), training);
  }

  int heads() {
    return heads;
  }

  /** 1/√(d/heads), the score scale, folded into the query weights by the fast paths. */
  private float scale() {
    return (float) (1.0 / Math.sqrt((double) dim / heads));
  }

  /**
   * The query, key and value projections fused into one {@code [3d, d]} weight (and {@code [3d]} bias), with the
   * score scale folded into the query rows, so one matmul projects a token and no scores need dividing. The
   * arrays are attached to {@code scope} (they are derived from the parameters, not parameters themselves).
   */
  NDArray[] fusedQkv(ParameterStore ps, NDManager scope, boolean training) {
    ai.djl.Device device = scope.getDevice();
    NDArray[] q = query.weightAndBias(ps, device, training);
    NDArray[] k = key.weightAndBias(ps, device, training);
    NDArray[] v = value.weightAndBias(ps, device, training);
    NDArray weight = own(scope, Scalars.mul(q[0], scale()));
    NDArray bias = own(scope, Scalars.mul(q[1], scale()));
    return new NDArray[] {
        weight.concat(k[0]).concat(v[0]), bias.concat(k[1]).concat(v[1])};
  }

  /** The key and value projections fused into one {@code [2d, d]} weight and {@code [2d]} bias, in {@code scope}. */
  NDArray[] fusedKv(ParameterStore ps, NDManager scope, boolean training) {
    NDArray[] k = key.weightAndBias(ps, scope.getDevice(), training);
    NDArray[] v = value.weightAndBias(ps, scope.getDevice(), training);
    return new NDArray[] {own(scope, k[0].concat(v[0])), own(scope, k[1].concat(v[1]))};
  }

  /**
   * Inference-only attention on rows: {@code x} {@code [B·T, d]} (T tokens per request) attends to itself
   * ({@code memory == null}, one fused QKV projection) or to {@code memory} {@code [B·Tm, d]} (one fused KV
   * projection); {@code mask} is additive over memory positions. Linear layers see two-dimensional inputs (one
   * fused multiply-add each) and the score scale is folded into the query weights; the math is {@link #apply}'s.
   *
   * @return {@code [B·T, d]}, output projection applied
   */
  NDArray applyRows(ParameterStore ps, NDArray x, long b, long t, NDArray memory, long tm, NDArray mask) {
    NDManager m = x.getManager();
    int dh = dim / heads;
    NDArray q;
    NDArray k;
    NDArray v;
    if (memory == null) {
      NDArray[] fused = fusedQkv(ps, m, false);
      NDList qkv = ai.djl.nn.core.Linear.linear(x, fused[0], fused[1]).singletonOrThrow()
          .reshape(b, t, 3L * heads, dh).swapAxes(1, 2).split(3, 1); // each [B, heads, T, dh]
      q = qkv.get(0);
      k = qkv.get(1);
      v = qkv.get(2);
    } else {
      NDArray[] scaled = scaledQuery(ps, m, false);
      q = ai.djl.nn.core.Linear.linear(x, scaled[0], scaled[1]).singletonOrThrow().reshape(b, t, heads, dh)
          .swapAxes(1, 2);
      NDArray[] fused = fusedKv(ps, m, false);
      NDList kv = ai.djl.nn.core.Linear.linear(memory, fused[0], fused[1]).singletonOrThrow()
          .reshape(b, tm, 2L * heads, dh).swapAxes(1, 2).split(2, 1); // each [B, heads, Tm, dh]
      k = kv.get(0);
      v = kv.get(1);
    }
    NDArray scores = q.matMul(k.swapAxes(-1, -2));
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray merged = scores.softmax(-1).matMul(v).swapAxes(1, 2).reshape(b * t, dim);
    return output.apply(ps, merged, false);
  }

  /** The query projection with the score scale folded in: {@code [..., d]} → {@code [..., d]}. */
  NDArray[] scaledQuery(ParameterStore ps, NDManager scope, boolean training) {
    NDArray[] q = query.weightAndBias(ps, scope.getDevice(), training);
    return new NDArray[] {own(scope, Scalars.mul(q[0], scale())), own(scope, Scalars.mul(q[1], scale()))};
  }

  /**
   * Keys and values of a memory {@code [B, Tk, d]} split into heads, {@code [B, heads, Tk, d/heads]} each: what
   * cross-attention reads at every decoding step, computed once per request.
   */
  NDArray[] keysAndValues(ParameterStore ps, NDArray memory, boolean training) {
    return new NDArray[] {split(key.apply(ps, memory, training)), split(value.apply(ps, memory, training))};
  }

  /** The output projection of merged heads {@code [..., d]}. */
  NDArray project(ParameterStore ps, NDArray merged, boolean training) {
    return output.apply(ps, merged, training);
  }

  /**
   * Self-attention of the teacher-forced decoder with the start position kept apart: {@code start} {@code [B, 1,
   * d]} is the first position of all G lists of a request, {@code rest} {@code [B, G·T, d]} each list's T later
   * positions. A list's position i attends to the start and to its own positions up to i ({@code mask [T, T+1]});
   * the start attends only to itself, so its output is its own value vector. The two parts are never concatenated
   * or split along the token axis: on the backward pass a split costs a full-size zero-filled copy.
   *
   * @return the start's and the rest's outputs, output projection applied
   */
  NDArray[] applySharedStart(ParameterStore ps, NDArray start, NDArray rest, int lists, int steps, NDArray mask,
      float dropout, boolean training) {
    long b = start.getShape().get(0);
    int dh = dim / heads;
    NDArray[] scaled = scaledQuery(ps, rest.getManager(), training);
    NDArray q = ai.djl.nn.core.Linear.linear(rest, scaled[0], scaled[1]).singletonOrThrow()
        .reshape(b * lists, steps, heads, dh).swapAxes(1, 2); // [B·G, heads, T, dh]
    NDArray keys = broadcastStart(key.apply(ps, start, training), b, lists, dh)
        .concat(splitLists(key.apply(ps, rest, training), b, lists, steps, dh), 2); // [B·G, heads, T+1, dh]
    NDArray startValue = value.apply(ps, start, training); // [B, 1, d]
    NDArray values = broadcastStart(startValue, b, lists, dh)
        .concat(splitLists(value.apply(ps, rest, training), b, lists, steps, dh), 2);
    NDArray weights = q.matMul(keys.swapAxes(-1, -2)).add(mask).softmax(-1);
    if (training && dropout > 0) {
      weights = ai.djl.nn.norm.Dropout.dropout(weights, dropout, true).singletonOrThrow();
    }
    NDArray merged = weights.matMul(values).swapAxes(1, 2).reshape(b, (long) lists * steps, dim);
    return new NDArray[] {output.apply(ps, startValue, training), output.apply(ps, merged, training)};
  }

  /** {@code [B, G·T, d]} → {@code [B·G, heads, T, dh]}. */
  private NDArray splitLists(NDArray x, long b, int lists, int steps, int dh) {
    return x.reshape(b * lists, steps, heads, dh).swapAxes(1, 2);
  }

  /** Cross-attention of two query sets {@code [B, *, d]} to one memory, whose keys and values are projected once. */
  NDArray[] applyToBoth(ParameterStore ps, NDArray first, NDArray second, NDArray memory, float dropout,
      boolean training) {
    NDArray[] kv = keysAndValues(ps, memory, training);
    NDArray keysT = kv[0].swapAxes(-1, -2);
    NDArray[] scaled = scaledQuery(ps, first.getManager(), training);
    NDArray[] out = new NDArray[2];
    NDArray[] queries = {first, second};
    for (int i = 0; i < 2; i++) {
      NDArray q = split(ai.djl.nn.core.Linear.linear(queries[i], scaled[0], scaled[1]).singletonOrThrow());
      NDArray weights = q.matMul(keysT).softmax(-1);
      if (training && dropout > 0) {
        weights = ai.djl.nn.norm.Dropout.dropout(weights, dropout, true).singletonOrThrow();
      }
      NDArray merged = weights.matMul(kv[1]).swapAxes(-2, -3); // [B, Tq, heads, dh]
      Shape s = merged.getShape();
      out[i] = output.apply(ps, merged.reshape(s.get(0), s.get(1), dim), training);
    }
    return out;
  }

  /** {@code [B, 1, d]} → {@code [B·G, heads, 1, dh]}, the start's key or value for each of G lists. */
  private NDArray broadcastStart(NDArray x, long b, int lists, int dh) {
    return x.reshape(b, 1, heads, 1, dh).broadcast(new Shape(b, lists, heads, 1, dh)).reshape(b * lists, heads, 1, dh);
  }

  /** Moves a derived array into the caller's scope, so it is freed with the step instead of with the network. */
  static NDArray own(NDManager scope, NDArray x) {
    x.attach(scope);
    return x;
  }

  /** {@code [..., T, d]} → {@code [..., heads, T, d/heads]}. */
  private NDArray split(NDArray x) {
    Shape s = x.getShape();
    Shape lead = s.slice(0, s.dimension() - 1);
    return x.reshape(lead.add(heads, dim / heads)).swapAxes(-2, -3);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(apply(ps, in.get(0), in.size() > 1 ? in.get(1) : in.get(0), null, 0f, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
