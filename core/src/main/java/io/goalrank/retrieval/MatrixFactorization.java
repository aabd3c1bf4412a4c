package io.goalrank.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.goalrank.model.Table;

/**
 * Matrix factorisation for stage-1 retrieval: score(u, i) = p_u · q_i + b_i, trained with the BPR pairwise loss
 * on (user, consumed item, sampled item) triples.
 */
public final class MatrixFactorization extends AbstractBlock {
  private final Table users;
  private final Table items;
  private final Table itemBias;

  public MatrixFactorization(int numUsers, int numItems, int dim) {
    users = addChildBlock("users", new Table(numUsers, dim, 0.1f));
    items = addChildBlock("items", new Table(numItems, dim, 0.1f));
    itemBias = addChildBlock("itemBias", new Table(numItems, 1, 0.01f));
  }

  /** Mean BPR loss of a batch of int64 index arrays. */
  public NDArray bprLoss(ParameterStore ps, NDArray u, NDArray pos, NDArray neg, boolean training) {
    NDArray pu = users.lookup(ps, u, training);
    NDArray diff = pu.mul(items.lookup(ps, pos, training).sub(items.lookup(ps, neg, training))).sum(new int[] {1})
        .add(itemBias.lookup(ps, pos, training).squeeze(1)).sub(itemBias.lookup(ps, neg, training).squeeze(1));
    return Activation.softPlus(diff.neg()).mean();
  }

  /** Scores of users {@code u} (int64 [B]) against every item: {@code [B, numItems]}. */
  public NDArray scoreAll(ParameterStore ps, NDArray u) {
    NDArray pu = users.lookup(ps, u, false);
    // the transposed and reshaped tables are new handles in the parameters' long-lived manager, not in u's: closed
    // here, or every call would leak one (the result and its intermediates live in u's manager)
    try (NDArray itemsT = items.all(ps, false).transpose(); NDArray bias = itemBias.all(ps, false).reshape(-1)) {
      return pu.matMul(itemsT).add(bias);
    }
  }

  /** The users, items and item-bias tables' weight arrays, in that order (the arrays themselves). */
  NDArray[] tables() {
    return new NDArray[] {users.weights(), items.weights(), itemBias.weights()};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(bprLoss(ps, in.get(0), in.get(1), in.get(2), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape()};
  }
}
