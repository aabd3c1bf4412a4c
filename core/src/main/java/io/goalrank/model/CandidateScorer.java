package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;

/**
 * A {@link ContextEncoder} with a linear head: one logit per candidate, read in the context of the whole
 * candidate set and the user's history. The reward model and the PRM-style baseline are this network.
 *
 * <p>PRM baseline: this class trained as checkpoint kind {@code prm} (BCE on labels, {@code ScorerTraining}).
 */
public final class CandidateScorer extends ScorerBlock {
  private final ModelConfig config;
  private final ContextEncoder encoder;
  private final Dense head;

  public CandidateScorer(ModelConfig config) {
    this.config = config;
    encoder = addChildBlock("encoder", new ContextEncoder(config));
    head = addChildBlock("head", new Dense(config.hidden(), 1));
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public NDArray logits(ParameterStore ps, BatchTensors t, boolean training) {
    NDArray enc = encoder.encode(ps, t, training).candidates();
    return head.apply(ps, enc, training).squeeze(-1);
  }

}
