package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis. Used instead of DJL's TransformerEncoderBlock, which normalises with
 * BatchNorm and so behaves differently in training and inference.
 */
public final class Norm extends AbstractBlock {
  private final int dim;
  private final Parameter gamma;
  private final Parameter beta;

  public Norm(int dim) {
    this.dim = dim;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(dim)).optInitializer(Initializer.ONES).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
        .optShape(new Shape(dim)).optInitializer(Initializer.ZEROS).build());
  }

  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return LayerNorm.layerNorm(x, new Shape(dim), ps.getValue(gamma, x.getDevice(), training),
        ps.getValue(beta, x.getDevice(), training), 1e-5f).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return inputs;
  }
}
