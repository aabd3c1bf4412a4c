package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * The DNN baseline and light auxiliary policy: each candidate is scored on its own from its embedding and the
 * user's mean history embedding (and, if configured, its standardised retriever score) by a two-layer MLP; no
 * candidate sees another (pointwise).
 */
public final class PointwiseScorer extends ScorerBlock {
  private final ModelConfig config;
  private final Table items;
  private final Table feedback;
  private final Dense hidden;
  private final Dense hidden2;
  private final Dense out;

  public PointwiseScorer(ModelConfig config) {
    this.config = config;
    int d = config.hidden();
    items = addChildBlock("items", new Table(config.numItems() + 1, d, 0.05f));
    feedback = addChildBlock("feedback", new Table(2, d, 0.05f));
    hidden = addChildBlock("hidden", new Dense(3 * d + (config.readsRetrieverScores() ? 1 : 0), d));
    hidden2 = addChildBlock("hidden2", new Dense(d, d));
    out = addChildBlock("out", new Dense(d, 1));
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public NDArray logits(ParameterStore ps, BatchTensors t, boolean training) {
    NDArray user = t.historyAndUser(ps, items, feedback, training)[1]; // [B,d]
    NDArray cand = items.lookup(ps, t.candidates(), training); // [B,N,d]
    long n = cand.getShape().get(1);
    NDArray u = user.expandDims(1).broadcast(cand.getShape());
    NDList features = new NDList(cand, u, cand.mul(u));
    if (config.readsRetrieverScores()) {
      features.add(t.requireRetrieverScores());
    }
    NDArray x = NDArrays.concat(features, -1);
    x = Activation.relu(hidden.apply(ps, x, training));
    x = Activation.relu(hidden2.apply(ps, x, training));
    return out.apply(ps, x, training).reshape(-1, n);
  }

}
