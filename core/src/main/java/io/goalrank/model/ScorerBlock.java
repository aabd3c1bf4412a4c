package io.goalrank.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL plumbing every {@link ScoringNetwork} shares: the NDList form of a forward pass (the five
 * {@link BatchTensors} arrays in, {@code [B, N]} logits out), so subclasses only write {@link #logits}.
 */
abstract class ScorerBlock extends Composite implements ScoringNetwork {

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(logits(ps, BatchTensors.of(in), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[4]};
  }
}
