package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request: the user's history and the N candidates, and returns a context-aware encoding of every
 * candidate plus a user vector. Shared in form (not in weights) by the reward model, the generator and the
 * Transformer baselines.
 *
 * <p>The user vector is a masked mean of history tokens (item + feedback embeddings). Each candidate starts as
 * {@code LN(W_i e_c) + LN(W_u u)}, the paper's additive fusion, then passes through Transformer layers that attend
 * to the other candidates (list context) and to the history tokens (personalisation). Candidates are a set, so
 * there is no positional embedding: the encoding does not depend on slot order. A network configured with
 * {@link ModelConfig#readsRetrieverScores()} also adds a projection of each candidate's standardised stage-1 score.
 */
public final class ContextEncoder extends Composite {
  private final Table items;
  private final Table feedback;
  private final Dense userProjection;
  private final Norm userNorm;
  private final Dense itemProjection;
  private final Norm itemNorm;
  private final Dense retrieverProjection;
  private final ItemCategories itemCategories;
  private final Table categoryEmbeddings;
  private final List<TransformerLayer> layers = new ArrayList<>();
  private final Norm outputNorm;

  /**
   * A request's encoding: candidates {@code [B, N, d]}, user {@code [B, d]}, and for an objective-conditioned
   * generator the weights {@code [B, K]} it decodes for (null otherwise).
   */
  public record Encoded(NDArray candidates, NDArray user, NDArray itemEmbeddings, NDArray objectiveWeights) {
    public Encoded(NDArray candidates, NDArray user, NDArray itemEmbeddings) {
      this(candidates, user, itemEmbeddings, null);
    }
  }

  public ContextEncoder(ModelConfig config) {
    int d = config.hidden();
    items = addChildBlock("items", new Table(config.numItems() + 1, d, 0.05f));
    feedback = addChildBlock("feedback", new Table(2, d, 0.05f));
    userProjection = addChildBlock("userProjection", new Dense(d, d));
    userNorm = addChildBlock("userNorm", new Norm(d));
    itemProjection = addChildBlock("itemProjection", new Dense(d, d));
    itemNorm = addChildBlock("itemNorm", new Norm(d));
    retrieverProjection = config.readsRetrieverScores()
        ? addChildBlock("retrieverProjection", new Dense(1, d)) : null;
    itemCategories = config.itemCategories() > 0
        ? addChildBlock("itemCategories", new ItemCategories(config.numItems(), config.itemCategories())) : null;
    categoryEmbeddings = config.itemCategories() > 0
        ? addChildBlock("categoryEmbeddings", new Table(config.itemCategories(), d, 0.05f)) : null;
    for (int k = 0; k < config.encoderLayers(); k++) {
      layers.add(addChildBlock("layer" + k,
          new TransformerLayer(d, config.heads(), config.ffn(), true, config.dropout())));
    }
    outputNorm = addChildBlock("outputNorm", new Norm(d));
  }

  /**
   * Sets which categories each item has, for a network whose config reads item categories ({@link ItemCategories#set});
   * a saved network loads them with its weights.
   */
  public void setItemCategories(java.util.List<int[]> perItem) {
    if (itemCategories == null) {
      throw new IllegalStateException("this network's config reads no item categories");
    }
    itemCategories.set(perItem);
  }

  public Encoded encode(ParameterStore ps, BatchTensors t, boolean training) {
    return encode(ps, t, training, false);
  }

  /**
   * @param fast at inference, run the layers on two-dimensional rows with fused projections (the same math, fewer
   *     native calls; {@link Decoding#FAST}); ignored in training
   */
  public Encoded encode(ParameterStore ps, BatchTensors t, boolean training, boolean fast) {
    NDArray[] historyAndUser = t.historyAndUser(ps, items, feedback, training);
    NDArray history = historyAndUser[0]; // [B,H,d]
    NDArray user = historyAndUser[1]; // [B,d]
    NDArray itemEmb = items.lookup(ps, t.candidates(), training); // [B,N,d]
    NDArray userPart = userNorm.apply(ps, userProjection.apply(ps, user, training), training);
    NDArray x = itemNorm.apply(ps, itemProjection.apply(ps, itemEmb, training), training)
        .add(userPart.expandDims(1));
    if (retrieverProjection != null) {
      x = x.add(retrieverProjection.apply(ps, t.requireRetrieverScores(), training));
    }
    if (itemCategories != null) {
      // the sum of the candidate's category embeddings, so attention can see which candidates share a genre
      x = x.add(itemCategories.lookup(ps, t.candidates()).matMul(categoryEmbeddings.all(ps, training)));
    }
    if (fast && !training) {
      // rows: [B·N, d] candidates and [B·H, d] history tokens, fused projections (Attention#applyRows)
      Shape cs = x.getShape();
      long h = history.getShape().get(1);
      NDArray rows = x.reshape(cs.get(0) * cs.get(1), cs.get(2));
      NDArray memory = history.reshape(cs.get(0) * h, cs.get(2));
      for (TransformerLayer layer : layers) {
        rows = layer.applyRows(ps, rows, cs.get(0), cs.get(1), memory, h, t.historyMask());
      }
      return new Encoded(outputNorm.apply(ps, rows, false).reshape(cs), userPart, itemEmb);
    }
    for (TransformerLayer layer : layers) {
      x = layer.apply(ps, x, null, history, t.historyMask(), training);
    }
    return new Encoded(outputNorm.apply(ps, x, training), userPart, itemEmb);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    // NDList form: historyItems, historyFeedback, historyMask, historyWeights, candidates → candidates, user.
    Encoded e = encode(ps, BatchTensors.of(in), training);
    return new NDList(e.candidates(), e.user());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return inputs;
  }
}
