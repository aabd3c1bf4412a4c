package io.goalrank.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A block made of children whose parameter shapes are fixed at construction, so initialisation needs no shape
 * inference: every child is initialised as it is.
 */
abstract class Composite extends AbstractBlock {
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }
}
