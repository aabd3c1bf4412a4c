package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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
