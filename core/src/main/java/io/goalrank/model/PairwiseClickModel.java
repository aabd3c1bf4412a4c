package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A list-aware click model with additive pairwise context (checkpoint kind {@code pairwise-reward}):
 * <pre>
 *   P(click at k) = σ(e_k) · σ( s(l_k) + Σ_{j<k} Σ_{g ∈ C(l_k), h ∈ C(l_j)} (Q_g · K_h − mean_{g',h'} Q_g' · K_h') )
 * </pre>
 * An examination probability {@code σ(e_k)} per position (the examination hypothesis, as in PAL) times an attraction
 * whose logit is the pointwise scorer's {@code s} plus an interaction with every item shown above, through the
 * items' categories {@code C(i)} (MovieLens genres, the simulator's topics): {@code Q_g · K_h} is a learnt effect of
 * having shown an item of category {@code h} above one of category {@code g}, of rank at most the hidden size, and
 * centred so that the decay with position stays the examination's. A
 * penalty for repeating a genre (diversity) and a bonus for pairing genres that go together (complementarity) are
 * both such terms. The item-to-category matrix is data, saved with the weights and never trained.
 *
 * <p>Why a second list-aware model: {@link ListRewardNetwork}'s causal Transformer can represent anything about a
 * list, so a generator finds lists it scores high that no logging policy showed. This one can only reward a list
 * for its items' own scores and for which pairs appear in which order, so it has far less room to be gamed off the
 * logging policy. As a reward model its expected clicks {@code Σ_k P(click at k)} are r̂.
 */
public final class PairwiseClickModel extends Composite implements ImpressionClickModel {
  /** Interactions start near zero: the model starts as the pointwise one and learns context from the clicks. */
  private static final float INTERACTION_INIT_STD = 0.01f;
  /**
   * Step multipliers: Adam moves every weight by about the learning rate per step, and a reward model trains for a
   * few hundred steps, so a logit table at 0 would stay near 0; these few weights carry per-position and per-pair
   * effects of order 1 (the examination fell by under 0.05 from σ(0) without them).
   */
  private static final float EXAMINATION_SCALE = 10f;
  /**
   * Every position starts examined (σ(3) = 0.95), so the attraction starts by explaining the click rate. From an
   * examination near ½, a click rate above ½ (ML-1M slates: 0.59) could only be reached by saturating the
   * attraction of every item, where its gradient σ(−a) vanishes: the scorer then stayed at a logit of 16 for every
   * candidate and r̂ was one constant (held-out AUC 0.50).
   */
  private static final float EXAMINATION_PRIOR = 3f;
  private static final float INTERACTION_SCALE = 5f;
  private static final float MAX_PROBABILITY = 1 - 1e-6f;
  private static final float MIN_PROBABILITY = 1e-7f;

  private final ModelConfig config;
  private final CandidateScorer scorer;
  private final Table examination;
  private final Table query;
  private final Table context;
  private final ItemCategories itemCategories;

  /**
   * @param categories how many categories the items' catalogue has (at least 1); the item-to-category matrix is set
   *     by {@link #setItemCategories} (a new model) or loaded with the weights (a saved one)
   */
  public PairwiseClickModel(ModelConfig config, int categories) {
    this.config = config;
    itemCategories = addChildBlock("itemCategories", new ItemCategories(config.numItems(), categories));
    scorer = addChildBlock("scorer", new CandidateScorer(config));
    examination = addChildBlock("examination", new Table(config.listLength(), 1, 0.01f));
    query = addChildBlock("query", new Table(categories, config.hidden(), INTERACTION_INIT_STD));
    context = addChildBlock("context", new Table(categories, config.hidden(), INTERACTION_INIT_STD));
  }

  /** The provenance key a saved model records its category count under. */
  public static final String CATEGORIES = "categories";

  public int categories() {
    return itemCategories.categories();
  }

  /**
   * Sets which categories each item has: {@code itemCategories[i]} the category ids of item index {@code i} (the
   * model's item ids are {@code i + 1}), each below {@link #categories()}.
   */
  public void setItemCategories(java.util.List<int[]> itemCategories) {
    this.itemCategories.set(itemCategories);
  }

  /** A new model over {@code catalog}'s categories. */
  public static PairwiseClickModel of(ModelConfig config, io.goalrank.data.ItemCatalog catalog) {
    PairwiseClickModel model = new PairwiseClickModel(config, catalog.numCategories());
    model.setItemCategories(catalog.categories());
    return model;
  }

  @Override
  public java.util.Map<String, String> architecture() {
    return java.util.Map.of(CATEGORIES, Integer.toString(categories()));
  }

  @Override
  public String checkpointKind() {
    return "pairwise-reward";
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  /**
   * Click logits {@code logit(P(click at k))} of every position of every list.
   *
   * @param lists {@code [B, K, T]} int64 candidate slots, {@code T ≤ L}
   * @return {@code [B, K, T]}
   */
  @Override
  public NDArray clickLogits(ParameterStore ps, BatchTensors t, NDArray lists, boolean training) {
    Shape shape = lists.getShape();
    int steps = (int) shape.get(2);
    NDArray s = scorer.logits(ps, t, training); // [B,N]
    NDArray attraction = BatchTensors.pickSlots(lists, s.expandDims(2)).squeeze(-1); // [B,K,T]
    NDArray multiHot = itemCategories.lookup(ps, t.candidates()); // [B,N,C]
    NDArray pairEffect = pairEffect(ps, training); // [C,C]
    NDArray q = BatchTensors.pickSlots(lists, multiHot.matMul(pairEffect)); // [B,K,T,C]
    NDArray c = BatchTensors.pickSlots(lists, multiHot); // [B,K,T,C]
    // pairs[k][j] = Σ over C(l_k) × C(l_j) of the effect, kept only for j < k: what was shown above position k
    NDArray pairs = q.matMul(c.transpose(0, 1, 3, 2)); // [B,K,T,T]
    NDArray above = strictlyLower(lists.getManager(), steps);
    attraction = attraction.add(pairs.mul(above).sum(new int[] {3}));
    NDArray order = lists.getManager().arange(0, steps).toType(DataType.INT64, false);
    NDArray seen = examination.lookup(ps, order, training).mul(EXAMINATION_SCALE).add(EXAMINATION_PRIOR)
        .reshape(1, 1, steps);
    // log P = log σ(e) + log σ(a); the training loop and r̂ read logits, so return logit(P)
    NDArray logP = Activation.softPlus(seen.neg()).add(Activation.softPlus(attraction.neg())).neg();
    NDArray p = logP.exp().clip(MIN_PROBABILITY, MAX_PROBABILITY);
    return p.log().sub(p.neg().add(1).log());
  }

  /**
   * {@code [C, C]}: the effect on an item of category g of an item of category h shown above it, less the mean over
   * all pairs. A shift common to every pair would add the same to every item per item above it, i.e. a decay with
   * position, which is the examination's (left free, the pairs learnt it and the examination stayed flat).
   */
  private NDArray pairEffect(ParameterStore ps, boolean training) {
    NDArray effect = query.all(ps, training).mul(INTERACTION_SCALE)
        .matMul(context.all(ps, training).mul(INTERACTION_SCALE).transpose());
    return effect.sub(effect.mean());
  }

  /**
   * The greedy list of every request: each rank takes the unused candidate with the highest click probability after
   * the ranks above, the same rule as appending each candidate and re-scoring the whole list (the positions above do
   * not depend on what comes below, and the examination of a rank is the same for every candidate, so the highest
   * attraction logit wins). The scorer and the category tables run once through DJL; the L × N × L pair sums are a
   * few thousand additions per request in plain Java, instead of L forward passes over N extended lists.
   *
   * @return {@code [B][listLength]} candidate slots
   */
  public int[][] greedyLists(ParameterStore ps, BatchTensors t, int listLength) {
    NDArray s = scorer.logits(ps, t, false); // [B,N]
    NDArray multiHot = itemCategories.lookup(ps, t.candidates()); // [B,N,C]
    NDArray pairEffect = pairEffect(ps, false);
    // effect[b][c][d]: the logit candidate c gains from candidate d shown above it
    NDArray effect = multiHot.matMul(pairEffect).matMul(multiHot.transpose(0, 2, 1)); // [B,N,N]
    int size = (int) s.getShape().get(0);
    int n = (int) s.getShape().get(1);
    if (listLength > n) {
      throw new IllegalArgumentException("a list of " + listLength + " from " + n + " candidates");
    }
    float[] scores = s.toFloatArray();
    float[] effects = effect.toFloatArray();
    int[][] lists = new int[size][listLength];
    float[] logit = new float[n];
    boolean[] used = new boolean[n];
    for (int b = 0; b < size; b++) {
      System.arraycopy(scores, b * n, logit, 0, n);
      java.util.Arrays.fill(used, false);
      for (int k = 0; k < listLength; k++) {
        int best = -1;
        for (int c = 0; c < n; c++) {
          if (!used[c] && (best < 0 || logit[c] > logit[best])) {
            best = c;
          }
        }
        lists[b][k] = best;
        used[best] = true;
        int base = b * n * n;
        for (int c = 0; c < n; c++) {
          logit[c] += effects[base + c * n + best]; // every later rank has the chosen item above it
        }
      }
    }
    return lists;
  }

  /** {@code [T, T]}: 1 where j < k (position j is above position k), else 0. */
  static NDArray strictlyLower(ai.djl.ndarray.NDManager m, int steps) {
    float[] mask = new float[steps * steps];
    for (int k = 0; k < steps; k++) {
      for (int j = 0; j < k; j++) {
        mask[k * steps + j] = 1f;
      }
    }
    return m.create(mask, new Shape(steps, steps));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    // NDList form: the five BatchTensors arrays, then lists [B,K,T] → click logits [B,K,T]
    return new NDList(clickLogits(ps, BatchTensors.of(in), in.get(5), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[5]};
  }
}
