package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A network trained on impressions: a click logit for every position of every shown list. */
public interface ImpressionClickModel extends Block {

  /**
   * @param lists {@code [B, K, L]} int64 candidate slots of the shown lists
   * @return {@code [B, K, L]} click logits
   */
  NDArray clickLogits(ParameterStore ps, BatchTensors t, NDArray lists, boolean training);

  ModelConfig config();
}
