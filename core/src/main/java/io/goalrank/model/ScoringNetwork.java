package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A network that gives one logit per candidate of a request: {@code [B, N]}. */
public interface ScoringNetwork extends Block {

  NDArray logits(ParameterStore ps, BatchTensors t, boolean training);

  ModelConfig config();
}
