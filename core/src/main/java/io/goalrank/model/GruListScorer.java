package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * The DLCM baseline (Ai et al., "Learning a Deep Listwise Context Model"): a GRU reads the candidates one after
 * another, starting from a state derived from the user's history, and each candidate gets a logit from
 * {@code [GRU state at its position ; its embedding ; user vector]} through a small MLP. Checkpoint kind
 * {@code dlcm}; trained like the other scorers (BCE on labels, {@code ScorerTraining}).
 *
 * <p>Order: the GRU reads the candidate slots <em>in the order given</em> ({@code BatchTensors.candidates()}),
 * and, when configured with {@link ModelConfig#readsRetrieverScores()}, with each candidate's standardised retriever
 * score as an input. DLCM proper reads the candidates in first-stage order; callers that want that must sort a
 * batch's slots by {@code retrieverScores} before scoring and map the logits back. The prepared
 * datasets of this library shuffle candidates, so as trained through {@code ScorerTraining} the GRU reads a random
 * (but fixed per request) order: it is a sequential set encoder, not a re-reader of the retriever's list.
 *
 * <p>The GRU cell is written with {@link Dense} blocks (fixed shapes, no shape inference), one step per candidate:
 * {@code r = σ(W_r x + U_r h)}, {@code z = σ(W_z x + U_z h)}, {@code n = tanh(W_n x + r ⊙ U_n h)},
 * {@code h' = (1 − z) ⊙ n + z ⊙ h}. The input projections of all positions are computed in one matrix product.
 */
public final class GruListScorer extends ScorerBlock {
  private final ModelConfig config;
  private final Table items;
  private final Table feedback;
  private final Dense initState;
  private final Dense inputGates;
  private final Dense stateGates;
  private final Dense hidden;
  private final Dense out;

  public GruListScorer(ModelConfig config) {
    this.config = config;
    int d = config.hidden();
    items = addChildBlock("items", new Table(config.numItems() + 1, d, 0.05f));
    feedback = addChildBlock("feedback", new Table(2, d, 0.05f));
    initState = addChildBlock("initState", new Dense(d, d));
    inputGates = addChildBlock("inputGates", new Dense(2 * d + (config.readsRetrieverScores() ? 1 : 0), 3 * d));
    stateGates = addChildBlock("stateGates", new Dense(d, 3 * d));
    hidden = addChildBlock("hidden", new Dense(3 * d, d));
    out = addChildBlock("out", new Dense(d, 1));
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public NDArray logits(ParameterStore ps, BatchTensors t, boolean training) {
    int d = config.hidden();
    NDArray user = t.historyAndUser(ps, items, feedback, training)[1]; // [B,d]
    NDArray cand = items.lookup(ps, t.candidates(), training); // [B,N,d]
    long n = cand.getShape().get(1);
    NDArray u = user.expandDims(1).broadcast(cand.getShape());
    // the GRU input carries the user too, so the gates can depend on who is reading the list
    NDList input = new NDList(cand, cand.mul(u));
    if (config.readsRetrieverScores()) {
      input.add(t.requireRetrieverScores());
    }
    NDArray gx = inputGates.apply(ps, NDArrays.concat(input, -1), training); // [B,N,3d]
    NDArray h = Activation.tanh(initState.apply(ps, user, training)); // [B,d]
    NDList states = new NDList();
    for (long i = 0; i < n; i++) {
      NDArray x = gx.get(":, " + i + ", :"); // [B,3d]
      NDArray gh = stateGates.apply(ps, h, training);
      NDArray r = Activation.sigmoid(x.get(":, 0:" + d).add(gh.get(":, 0:" + d)));
      NDArray z = Activation.sigmoid(x.get(":, " + d + ":" + 2 * d).add(gh.get(":, " + d + ":" + 2 * d)));
      NDArray c = Activation.tanh(x.get(":, " + 2 * d + ":").add(r.mul(gh.get(":, " + 2 * d + ":"))));
      h = z.neg().add(1f).mul(c).add(z.mul(h));
      states.add(h);
    }
    NDArray seq = NDArrays.stack(states, 1); // [B,N,d]
    NDArray feat = Activation.relu(hidden.apply(ps, NDArrays.concat(new NDList(seq, cand, u), -1), training));
    return out.apply(ps, feat, training).reshape(-1, n);
  }

}
