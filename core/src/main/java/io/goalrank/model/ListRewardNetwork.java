package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A list-aware reward model (checkpoint kind {@code list-reward}): the click probability of every position of a
 * shown list, given the user, all candidates and the items shown above it.
 *
 * <p>The request is encoded once ({@link ContextEncoder}); a list's tokens are its items' candidate encodings plus
 * a position embedding, read by causal Transformer layers that also attend to all candidates, so position k sees
 * {@code l_≤k} (what a user has scanned when deciding on {@code l_k}) and the whole slate it was chosen from. The
 * head gives a logit per position; trained on logged clicks it learns examination and context together, so the
 * expected clicks of a list are {@code Σ_k σ(logit_k)}.
 */
public final class ListRewardNetwork extends Composite implements ImpressionClickModel {
  private final ModelConfig config;
  private final ContextEncoder encoder;
  private final Table positions;
  private final List<TransformerLayer> layers = new ArrayList<>();
  private final Norm norm;
  private final Dense head;

  public ListRewardNetwork(ModelConfig config) {
    this.config = config;
    int d = config.hidden();
    encoder = addChildBlock("encoder", new ContextEncoder(config));
    positions = addChildBlock("positions", new Table(config.listLength(), d, 0.05f));
    for (int k = 0; k < config.decoderLayers(); k++) {
      layers.add(addChildBlock("list" + k, new TransformerLayer(d, config.heads(), config.ffn(), true,
          config.dropout())));
    }
    norm = addChildBlock("norm", new Norm(d));
    head = addChildBlock("head", new Dense(d, 1));
  }

  @Override
  public String checkpointKind() {
    return "list-reward";
  }

  public ModelConfig config() {
    return config;
  }

  public ContextEncoder.Encoded encode(ParameterStore ps, BatchTensors t, boolean training) {
    return encoder.encode(ps, t, training);
  }

  @Override
  public NDArray clickLogits(ParameterStore ps, BatchTensors t, NDArray lists, boolean training) {
    return clickLogits(ps, encode(ps, t, training), lists, training);
  }

  /**
   * Click logits of every position of every list.
   *
   * @param lists {@code [B, G, T]} int64 candidate slots, {@code T ≤ L}
   * @return {@code [B, G, T]}
   */
  public NDArray clickLogits(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    NDArray cand = enc.candidates(); // [B,N,d]
    long t = lists.getShape().get(2);
    NDArray picked = BatchTensors.pickSlots(lists, cand); // [B,G,T,d]
    NDArray order = cand.getManager().arange(0, (int) t).toType(DataType.INT64, false);
    NDArray x = picked.add(positions.lookup(ps, order, training));
    NDArray causal = PointerGenerator.causalMask(cand.getManager(), (int) t);
    for (TransformerLayer layer : layers) {
      x = layer.applyGrouped(ps, x, causal, cand, training);
    }
    return head.apply(ps, norm.apply(ps, x, training), training).squeeze(-1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    // NDList form: the five BatchTensors arrays, then lists [B,G,T] → click logits [B,G,T]
    BatchTensors t = BatchTensors.of(in);
    return new NDList(clickLogits(ps, encode(ps, t, training), in.get(5), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[5]};
  }
}
