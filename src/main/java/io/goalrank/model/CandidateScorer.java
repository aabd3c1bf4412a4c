package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link ContextEncoder} with a linear head: one logit per candidate, read in the context of the whole
 * candidate set and the user's history. The reward model and the PRM-style baseline are this network.
 *
 * <p>PRM baseline: this class trained as checkpoint kind {@code prm} (BCE on labels, {@code ScorerTraining}).
 */
public final class CandidateScorer extends Composite implements ScoringNetwork {
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

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(logits(ps, new BatchTensors(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4)), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[4]};
  }
}
