package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A fully connected layer over the last axis with its input size fixed at construction, so composite blocks can
 * be initialised without shape inference.
 */
public final class Dense extends AbstractBlock {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  public Dense(int in, int out) {
    this.in = in;
    this.out = out;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(out, in)).optInitializer(new XavierInitializer()).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(out)).build());
  }

  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    // Linear.linear attaches its result to x's manager, so per-step arrays stay in the step's scope.
    return Linear.linear(x, ps.getValue(weight, x.getDevice(), training), ps.getValue(bias, x.getDevice(), training))
        .singletonOrThrow();
  }

  /** The weight {@code [out, in]} and bias {@code [out]} as the parameter store holds them on {@code device}. */
  public NDArray[] weightAndBias(ParameterStore ps, ai.djl.Device device, boolean training) {
    return new NDArray[] {ps.getValue(weight, device, training), ps.getValue(bias, device, training)};
  }

  public int inputSize() {
    return in;
  }

  public int outputSize() {
    return out;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape s = inputs[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }
}
