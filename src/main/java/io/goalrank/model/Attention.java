package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
    NDArray scores = qh.matMul(kh.swapAxes(-1, -2)).div((float) Math.sqrt((double) dim / heads));
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
