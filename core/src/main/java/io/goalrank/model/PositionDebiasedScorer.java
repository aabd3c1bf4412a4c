package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

/**
 * A pointwise reward model learnt from impressions (checkpoint kind {@code click-reward}): the reward model's
 * network ({@link CandidateScorer}) scores each candidate, and a learnt logit offset per position absorbs position
 * bias while training, {@code P(click at t) = σ(s(item) + b_t)}, as in position-bias-aware learning (PAL, Guo et al.
 * 2019). As a reward model it is read without the offsets ({@link #logits}): {@code σ(s)} is the click probability
 * at the top position, so {@code r̂(l) = Σ_t σ(s(l_t))·w_t} ranks lists by what users prefer, not by where the
 * logging policy happened to show items.
 *
 * <p>Unlike the list-aware {@link ListRewardNetwork} it cannot be gamed through the order of a list: a generator
 * can only raise r̂ by choosing items it scores higher.
 */
public final class PositionDebiasedScorer extends ScorerBlock implements ImpressionClickModel {
  private final ModelConfig config;
  private final CandidateScorer scorer;
  private final Table positions;

  public PositionDebiasedScorer(ModelConfig config) {
    this.config = config;
    scorer = addChildBlock("scorer", new CandidateScorer(config));
    positions = addChildBlock("positions", new Table(config.listLength(), 1, 0.01f));
  }

  @Override
  public String checkpointKind() {
    return "click-reward";
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  /** Position-free candidate logits {@code [B, N]}: the reward model's view. */
  @Override
  public NDArray logits(ParameterStore ps, BatchTensors t, boolean training) {
    return scorer.logits(ps, t, training);
  }

  @Override
  public NDArray clickLogits(ParameterStore ps, BatchTensors t, NDArray lists, boolean training) {
    NDArray s = scorer.logits(ps, t, training); // [B,N]
    int l = (int) lists.getShape().get(2);
    NDArray picked = BatchTensors.pickSlots(lists, s.expandDims(2)).squeeze(-1); // [B,K,L]
    NDArray order = s.getManager().arange(0, l).toType(DataType.INT64, false);
    return picked.add(positions.lookup(ps, order, training).reshape(1, 1, l));
  }
}
