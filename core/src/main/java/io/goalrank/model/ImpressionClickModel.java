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

  /** The checkpoint kind this network is saved as ({@link ModelKinds}). */
  String checkpointKind();

  /** What a saved model's provenance must record to rebuild this network's shapes (none by default). */
  default java.util.Map<String, String> architecture() {
    return java.util.Map.of();
  }
}
