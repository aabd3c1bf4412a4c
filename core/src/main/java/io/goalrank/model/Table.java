package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** An embedding table: looks up rows of a {@code [rows, dim]} weight by integer index. */
public final class Table extends AbstractBlock {
  private final int rows;
  private final int dim;
  private final Parameter weight;

  public Table(int rows, int dim, float initStd) {
    this.rows = rows;
    this.dim = dim;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rows, dim)).optInitializer(new NormalInitializer(initStd)).build());
  }

  /** {@code ids} of any shape (int64) → {@code ids.shape + [dim]}; the result lives in {@code ids}' manager. */
  public NDArray lookup(ParameterStore ps, NDArray ids, boolean training) {
    return Embedding.embedding(ids, ps.getValue(weight, ids.getDevice(), training), ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
  }

  /** The whole table, for scoring every item at once (retrieval); on the parameter store's device. */
  public NDArray all(ParameterStore ps, boolean training) {
    // the store's own device: a ParameterStore without a parameter server knows only that one
    return ps.getValue(weight, ps.getManager().getDevice(), training);
  }

  /** The weight array itself (not a copy), for trainers that update it outside autograd. */
  public NDArray weights() {
    return weight.getArray();
  }

  public int rows() {
    return rows;
  }

  public int dim() {
    return dim;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(lookup(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0].add(dim)};
  }
}
