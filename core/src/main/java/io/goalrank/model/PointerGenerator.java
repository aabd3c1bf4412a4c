package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The GoalRank generator: a Transformer that reads the request once ({@link ContextEncoder}) and then emits a
 * list of L candidate slots autoregressively with a pointer decoder.
 *
 * <p>Decoder step t sees a start token (carrying the user vector) followed by the encodings of the t items chosen
 * so far, runs causal Transformer layers that also attend to all candidate encodings, and scores every candidate
 * by a scaled dot product with its query. Already chosen candidates are masked out, so
 * {@code log π(l) = Σ_t log softmax_t[l_t]} is a proper distribution over ordered lists without repetition.
 *
 * <p>Lists given as candidate slots can be scored in one teacher-forced pass ({@link #logProb}); the same
 * layers decode greedily or by sampling ({@link #stepLogits}).
 */
public final class PointerGenerator extends Composite {
  private final ModelConfig config;
  private final ContextEncoder encoder;
  private final Parameter start;
  private final Table steps;
  private final List<TransformerLayer> layers = new ArrayList<>();
  private final Norm decoderNorm;
  private final Dense queryProjection;
  private final Dense keyProjection;
  private final int objectives;
  private final Dense objectiveIn;
  private final Dense objectiveOut;
  private final Dense objectiveQueries;
  private final Dense objectiveFilm;

  public PointerGenerator(ModelConfig config) {
    this(config, 0);
  }

  /**
   * @param objectives length of the objective-weight vector the generator is conditioned on (checkpoint kind
   *     {@code conditioned-generator}), or 0 for the plain GoalRank generator
   */
  public PointerGenerator(ModelConfig config, int objectives) {
    this.config = config;
    this.objectives = objectives;
    int d = config.hidden();
    encoder = addChildBlock("encoder", new ContextEncoder(config));
    start = addParameter(Parameter.builder().setName("start").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(d)).optInitializer(new NormalInitializer(0.05f)).build());
    steps = addChildBlock("steps", new Table(config.listLength(), d, 0.05f));
    for (int k = 0; k < config.decoderLayers(); k++) {
      layers.add(addChildBlock("decoder" + k,
          new TransformerLayer(d, config.heads(), config.ffn(), true, config.dropout())));
    }
    decoderNorm = addChildBlock("decoderNorm", new Norm(d));
    queryProjection = addChildBlock("queryProjection", new Dense(d, d));
    keyProjection = addChildBlock("keyProjection", new Dense(d, d));
    if (objectives > 0) {
      objectiveIn = addChildBlock("objectiveIn", new Dense(objectives, d));
      objectiveOut = addChildBlock("objectiveOut", new Dense(d, d));
      objectiveQueries = addChildBlock("objectiveQueries", new Dense(d, objectives * d));
      objectiveFilm = addChildBlock("objectiveFilm", new Dense(d, d));
    } else {
      objectiveIn = null;
      objectiveOut = null;
      objectiveQueries = null;
      objectiveFilm = null;
    }
  }

  /** Length of the objective-weight vector this generator reads (0: unconditioned). */
  public int objectives() {
    return objectives;
  }

  /**
   * Conditions an encoding on objective weights in three places: a small MLP of {@code w} is added to the user
   * state, which the decoder's start token carries and every later step attends to; the same MLP scales each
   * feature of every candidate encoding (FiLM); and each objective k has its
   * own pointer query head, mixed as {@code q = q_0 + Σ_k w_k·q_k} at every step, so a weight directly steers
   * which candidate the step points at given the items already chosen. (Adding {@code w} to the candidate keys
   * would shift every pointer logit equally and change nothing.)
   *
   * @param weights {@code [B, K]} objective weights
   */
  public ContextEncoder.Encoded condition(ParameterStore ps, ContextEncoder.Encoded enc, NDArray weights,
      boolean training) {
    if (objectives == 0) {
      throw new IllegalStateException("this generator is not objective-conditioned");
    }
    if (weights.getShape().get(1) != objectives) {
      throw new IllegalArgumentException("expected " + objectives + " objective weights, got " + weights.getShape());
    }
    NDArray hidden = ai.djl.nn.Activation.gelu(objectiveIn.apply(ps, weights, training));
    NDArray c = objectiveOut.apply(ps, hidden, training);
    // a per-feature scale of every candidate encoding (FiLM): which features the pointer keys and the decoder's
    // cross-attention weigh then depends on w, e.g. category features for diversity
    // (1 + tanh keeps the scale in (0, 2): it can mute or stress a feature, never flip its sign)
    NDArray scale = ai.djl.nn.Activation.tanh(objectiveFilm.apply(ps, hidden, training)).add(1f).expandDims(1);
    return new ContextEncoder.Encoded(enc.candidates().mul(scale), enc.user().add(c), enc.itemEmbeddings(), weights);
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * A new generator for training on a dataset with {@code catalog}: when {@code config} reads item categories, they are
   * set from the catalogue (whose category count must match).
   */
  public static PointerGenerator forTraining(ModelConfig config, int objectives, io.goalrank.data.ItemCatalog catalog) {
    PointerGenerator block = new PointerGenerator(config, objectives);
    if (config.itemCategories() > 0) {
      if (catalog.numCategories() != config.itemCategories()) {
        throw new IllegalArgumentException("the generator reads " + config.itemCategories() + " item categories, the "
            + "dataset's catalogue has " + catalog.numCategories());
      }
      block.setItemCategories(catalog.categories());
    }
    return block;
  }

  /** {@link ContextEncoder#setItemCategories}: for a generator whose config reads item categories. */
  public void setItemCategories(java.util.List<int[]> perItem) {
    encoder.setItemCategories(perItem);
  }

  public ContextEncoder.Encoded encode(ParameterStore ps, BatchTensors t, boolean training) {
    return encoder.encode(ps, t, training);
  }

  /** As {@link #encode(ParameterStore, BatchTensors, boolean)}; {@link Decoding#FAST} runs inference on rows. */
  public ContextEncoder.Encoded encode(ParameterStore ps, BatchTensors t, boolean training, Decoding decoding) {
    return encoder.encode(ps, t, training, decoding == Decoding.FAST);
  }

  /**
   * Teacher-forced log-probability of lists, by the {@linkplain Decoding#defaultMode() default decoding}.
   *
   * @param lists {@code [B, G, L]} int64 candidate slots
   * @return {@code [B, G]} log π(l)
   */
  public NDArray logProb(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    return logProb(ps, enc, lists, training, Decoding.defaultMode());
  }

  /** As {@link #logProb(ParameterStore, ContextEncoder.Encoded, NDArray, boolean)}, by the given decoding. */
  public NDArray logProb(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training,
      Decoding decoding) {
    // a one-item list has no later steps to share a start with: the reference is already minimal
    return decoding == Decoding.FAST && config.listLength() > 1 && lists.getShape().get(2) > 1
        ? logProbFast(ps, enc, lists, training) : logProbReference(ps, enc, lists, training);
  }

  /**
   * Teacher-forced log-probability of each step of each list, {@code [B, G, L]}: what a loss that counts only some
   * steps needs (Seq2Slate on positives only). Summed over steps it is {@link #logProb}. The reference pass: a
   * trainer that needs steps is a baseline, not the hot path.
   */
  public NDArray stepLogProbs(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    return pickedLogProbs(ps, enc, lists, training).sum(new int[] {3});
  }

  /** The reference: every list forwarded in full, picks by one-hot matmul, masks by cumulative sums. */
  private NDArray logProbReference(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    return pickedLogProbs(ps, enc, lists, training).sum(new int[] {2, 3});
  }

  /** {@code [B,G,L,N]}: each step's log-probability at the picked slot, zero elsewhere (the reference pass). */
  private NDArray pickedLogProbs(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    int n = (int) enc.candidates().getShape().get(1);
    NDArray chosen = lists.oneHot(n).toType(DataType.FLOAT32, false); // [B,G,L,N]
    NDArray logits = logits(ps, enc, chosen, training); // [B,G,L,N] for steps 0..L-1
    // exclusive cumulative sum marks what was chosen before each step
    NDArray before = chosen.cumSum(2).sub(chosen);
    NDArray logp = logits.add(before.mul(BatchTensors.BLOCKED)).logSoftmax(-1);
    return logp.mul(chosen);
  }

  /**
   * The fast teacher-forced pass. Only the distinct lists of each request are forwarded ({@link PackedLists}), the
   * start position (the same for every list of a request) is computed once per request, earlier picks are
   * gathered by index, and each step's log-probability is read by index from a log-softmax masked on the Java
   * side; the distinct lists' log-probabilities are then gathered back to every list of the group.
   */
  private NDArray logProbFast(ParameterStore ps, ContextEncoder.Encoded enc, NDArray lists, boolean training) {
    NDArray cand = enc.candidates(); // [B,N,d]
    NDManager m = cand.getManager();
    Shape ls = lists.getShape();
    int b = (int) ls.get(0);
    int l = (int) ls.get(2);
    int n = (int) cand.getShape().get(1);
    int d = config.hidden();
    PackedLists packed = PackedLists.of(lists.toLongArray(), b, (int) ls.get(1), l, n);
    int g = packed.distinct();
    NDArray start = startTokens(ps, enc, training).reshape(b, 1, d);
    NDArray previous = Embedding.embedding(m.create(packed.previousRows(), new Shape(b, (long) g * (l - 1))),
        cand.reshape((long) b * n, d), SparseFormat.DENSE).singletonOrThrow(); // [B, G·(L−1), d]
    NDArray positions = m.arange(1, l).toType(DataType.INT64, false);
    NDArray rest = previous.reshape(b, g, l - 1, d).add(steps(ps, positions, training))
        .reshape(b, (long) g * (l - 1), d);
    NDArray mask = sharedStartMask(m, l - 1);
    for (TransformerLayer layer : layers) {
      NDArray[] out = layer.applySharedStart(ps, start, rest, g, l - 1, mask, cand, training);
      start = out[0];
      rest = out[1];
    }
    NDArray keys = pointerKeys(ps, cand, training);
    // the start's logits give step 0 of every list, each later position the step after it
    NDArray firstLogits = pointerQueries(ps, enc, decoderNorm.apply(ps, start, training), training).matMul(keys);
    NDArray laterLogits = pointerQueries(ps, enc, decoderNorm.apply(ps, rest, training), training).matMul(keys);
    NDArray first = firstLogits.reshape(b, n).logSoftmax(-1)
        .gather(m.create(packed.column(0), new Shape(b, g)), 1); // [B, G]
    NDArray laterSteps = laterLogits.reshape(b, g, l - 1, n)
        .add(m.create(packed.blockedBefore(), new Shape(b, g, l - 1, n))).logSoftmax(-1)
        .gather(m.create(packed.laterPicks(), new Shape(b, g, l - 1, 1)), 3); // [B, G, L−1, 1]
    return first.add(laterSteps.sum(new int[] {2, 3})).gather(m.create(packed.slotOfList(), new Shape(b, ls.get(1))), 1);
  }

  /** The decoder's first token for every request: the user state plus the start and position-0 embeddings. */
  private NDArray startTokens(ParameterStore ps, ContextEncoder.Encoded enc, boolean training) {
    NDArray user = enc.user(); // [B,d]
    NDManager m = user.getManager();
    return user.add(ps.getValue(start, user.getDevice(), training))
        .add(steps(ps, m.create(new long[] {0}), training)); // [B,d]
  }

  /** Pointer queries {@code [B, S, d]} from decoder states, mixed per objective for a conditioned generator. */
  private NDArray pointerQueries(ParameterStore ps, ContextEncoder.Encoded enc, NDArray h, boolean training) {
    NDArray query = queryProjection.apply(ps, h, training);
    if (enc.objectiveWeights() != null) {
      Shape s = h.getShape();
      NDArray perObjective = objectiveQueries.apply(ps, h, training).reshape(s.get(0), s.get(1), objectives,
          s.get(2));
      query = query.add(perObjective.mul(enc.objectiveWeights().reshape(s.get(0), 1, objectives, 1))
          .sum(new int[] {2}));
    }
    return query;
  }

  /** Pointer keys {@code [B, d, N]}, transposed and with 1/√d folded in. */
  private NDArray pointerKeys(ParameterStore ps, NDArray cand, boolean training) {
    return Scalars.mul(keyProjection.apply(ps, cand, training), (float) (1.0 / Math.sqrt(config.hidden()))).swapAxes(-1, -2);
  }

  /** Additive {@code [T, T+1]} mask of the shared-start stream: token i of a list sees the start and tokens ≤ i. */
  static NDArray sharedStartMask(NDManager m, int steps) {
    float[] mask = new float[steps * (steps + 1)];
    for (int i = 0; i < steps; i++) {
      for (int j = i + 2; j <= steps; j++) {
        mask[i * (steps + 1) + j] = BatchTensors.BLOCKED;
      }
    }
    return m.create(mask, new Shape(steps, steps + 1));
  }

  /**
   * Starts a cached decode of {@code k} lists per request ({@link Decoder}); inference only. Greedy decoding is
   * {@code k = 1}.
   */
  public Decoder decoder(ParameterStore ps, ContextEncoder.Encoded enc, int k) {
    return new Decoder(ps, enc, k, deriveWeights(ps, enc.candidates().getManager(), -1));
  }

  /**
   * As {@link #decoder(ParameterStore, ContextEncoder.Encoded, int)}, reusing the derived decoding weights (fused
   * projections, folded scales) of an earlier call while {@code weightsVersion} is unchanged; they are kept in
   * {@code owner}, which must outlive the decode (the network's own manager).
   *
   * @param weightsVersion changes whenever the parameters change ({@link NetworkTrainer#weightsVersion()})
   */
  public Decoder decoder(ParameterStore ps, ContextEncoder.Encoded enc, int k, long weightsVersion, NDManager owner) {
    DerivedWeights w;
    synchronized (this) {
      if (derived == null || derived.version() != weightsVersion) {
        if (derived != null) {
          derived.close();
        }
        // derived in a scratch scope, then only the final arrays move to the owner: the intermediate products
        // (a scaled query weight before its concatenation) would otherwise stay in the owner until it closes
        try (NDManager scratch = owner.newSubManager()) {
          derived = deriveWeights(ps, scratch, weightsVersion);
          derived.arrays().forEach(a -> a.attach(owner));
        }
      }
      w = derived;
    }
    return new Decoder(ps, enc, k, w);
  }

  /** Weights the decoder derives from the parameters: per-layer fused projections and the scaled pointer keys. */
  private record DerivedWeights(long version, List<TransformerLayer.DecodeWeights> layers, NDArray[] pointerKey,
      List<NDArray> stepRows) implements AutoCloseable {
    List<NDArray> arrays() {
      List<NDArray> all = new ArrayList<>();
      layers.forEach(l -> all.addAll(l.arrays()));
      all.add(pointerKey[0]);
      all.add(pointerKey[1]);
      all.addAll(stepRows);
      return all;
    }

    @Override
    public void close() {
      arrays().forEach(NDArray::close);
    }
  }

  private DerivedWeights derived;

  private DerivedWeights deriveWeights(ParameterStore ps, NDManager scope, long version) {
    List<TransformerLayer.DecodeWeights> perLayer = new ArrayList<>();
    for (TransformerLayer layer : layers) {
      perLayer.add(layer.decodeWeights(ps, scope));
    }
    float scale = (float) (1.0 / Math.sqrt(config.hidden()));
    NDArray[] key = keyProjection.weightAndBias(ps, scope.getDevice(), false);
    // the position embedding of each step, one row per step, so a step adds its row without an indexing call
    NDArray table = steps(ps, scope.arange(0, config.listLength()).toType(DataType.INT64, false), false);
    List<NDArray> stepRows = new ArrayList<>();
    for (int t = 0; t < config.listLength(); t++) {
      stepRows.add(table.get(t));
    }
    return new DerivedWeights(version, perLayer,
        new NDArray[] {Attention.own(scope, key[0].mul(scale)), Attention.own(scope, key[1].mul(scale))}, stepRows);
  }

  /**
   * An autoregressive decode with a key/value cache: each {@link #next} runs every layer on the newest token only.
   * The first step runs once per request (all K lists share it); the cache is then repeated for the K lists.
   * Candidates' cross-attention keys/values and pointer keys are computed once, at construction. Chosen items are
   * blocked by a mask kept on the Java side. All arrays live in the encoding's manager.
   */
  public final class Decoder {
    private final ParameterStore ps;
    private final ContextEncoder.Encoded enc;
    private final int k;
    private final int b;
    private final int n;
    private final NDArray candidateRows;
    private final NDArray pointerKeys;
    private final List<NDArray> stepRows;
    private final List<TransformerLayer.Cache> caches = new ArrayList<>();
    private final float[] blocked;
    private int t;

    private Decoder(ParameterStore ps, ContextEncoder.Encoded enc, int k, DerivedWeights weights) {
      this.ps = ps;
      this.enc = enc;
      this.k = k;
      NDArray cand = enc.candidates();
      b = (int) cand.getShape().get(0);
      n = (int) cand.getShape().get(1);
      candidateRows = cand.reshape((long) b * n, config.hidden());
      pointerKeys = ai.djl.nn.core.Linear.linear(cand, weights.pointerKey()[0], weights.pointerKey()[1])
          .singletonOrThrow().swapAxes(-1, -2); // [B, d, N], 1/√d folded in
      stepRows = weights.stepRows();
      for (int i = 0; i < layers.size(); i++) {
        caches.add(layers.get(i).newCache(ps, cand, weights.layers().get(i)));
      }
      blocked = new float[b * k * n];
    }

    /** Steps decoded so far. */
    public int position() {
      return t;
    }

    /**
     * Logits of the next pick with every chosen candidate blocked: {@code [B, 1, N]} at the first step (shared by
     * the K lists of a request), {@code [B, K, N]} after it.
     *
     * @param picks null at the first step; afterwards the slot chosen at the previous step for list s of request
     *     r at {@code [r·K + s]}
     */
    public NDArray next(int[] picks) {
      if (t >= config.listLength()) {
        throw new IllegalStateException("already decoded " + t + " steps of " + config.listLength());
      }
      NDManager m = candidateRows.getManager();
      int d = config.hidden();
      NDArray x;
      if (t == 0) {
        if (picks != null) {
          throw new IllegalArgumentException("the first step takes no picks");
        }
        x = startTokens(ps, enc, false); // [B, d]
      } else {
        if (picks == null || picks.length != b * k) {
          throw new IllegalArgumentException("expected " + b * k + " picks at step " + t);
        }
        if (t == 1 && k > 1) {
          for (TransformerLayer.Cache cache : caches) {
            cache.expandRows(b, k);
          }
        }
        long[] rows = new long[b * k];
        for (int i = 0; i < rows.length; i++) {
          int r = i / k;
          rows[i] = (long) r * n + picks[i];
          blocked[i * n + picks[i]] = BatchTensors.BLOCKED;
        }
        x = Embedding.embedding(m.create(rows), candidateRows, SparseFormat.DENSE)
            .singletonOrThrow().add(stepRows.get(t)); // [B·K, d]
      }
      int rows = t == 0 ? 1 : k;
      for (int i = 0; i < layers.size(); i++) {
        x = layers.get(i).decodeStep(ps, x, caches.get(i), b, rows);
      }
      NDArray h = decoderNorm.apply(ps, x, false);
      NDArray queries = enc.objectiveWeights() != null ? pointerQueries(ps, enc, h.reshape(b, rows, d), false)
          : queryProjection.apply(ps, h, false).reshape(b, rows, d);
      NDArray logits = queries.matMul(pointerKeys);
      if (t > 0) {
        logits = logits.add(m.create(blocked, new Shape(b, k, n)));
      }
      t++;
      return logits;
    }
  }

  /**
   * Logits of the next step for prefixes of length {@code t} ({@code t} may be 0).
   *
   * @param prefix {@code [B, K, t]} int64 slots, or null when t = 0 (then K = {@code k})
   * @return {@code [B, K, N]} logits with chosen candidates blocked
   */
  public NDArray stepLogits(ParameterStore ps, ContextEncoder.Encoded enc, NDArray prefix, int k, boolean training) {
    NDArray cand = enc.candidates();
    NDManager m = cand.getManager();
    int b = (int) cand.getShape().get(0);
    int n = (int) cand.getShape().get(1);
    NDArray chosen;
    NDArray used;
    if (prefix == null || prefix.getShape().get(2) == 0) {
      chosen = m.zeros(new Shape(b, k, 1, n));
      used = m.zeros(new Shape(b, k, n));
    } else {
      NDArray oneHot = prefix.oneHot(n).toType(DataType.FLOAT32, false); // [B,K,t,N]
      used = oneHot.sum(new int[] {2});
      // append a dummy step so the decoder input has t+1 tokens; its one-hot is never read
      chosen = NDArrays.concat(new NDList(oneHot, m.zeros(new Shape(b, oneHot.getShape().get(1), 1, n))), 2);
    }
    NDArray logits = logits(ps, enc, chosen, training); // [B,K,t+1,N]
    long t = logits.getShape().get(2);
    NDArray last = logits.get(":, :, " + (t - 1) + ", :");
    return last.add(used.mul(BatchTensors.BLOCKED));
  }

  /** Logits for every step given one-hot choices {@code [B, G, T, N]}; step s reads the choices before s. */
  private NDArray logits(ParameterStore ps, ContextEncoder.Encoded enc, NDArray chosen, boolean training) {
    NDArray cand = enc.candidates(); // [B,N,d]
    Shape cs = chosen.getShape();
    long b = cs.get(0);
    long g = cs.get(1);
    long steps = cs.get(2);
    long n = cs.get(3);
    int d = config.hidden();
    NDArray startToken = enc.user().add(ps.getValue(start, cand.getDevice(), training)) // [B,d]
        .reshape(b, 1, 1, d).broadcast(new Shape(b, g, 1, d));
    NDArray tokens = startToken;
    if (steps > 1) {
      // one-hot rows times the candidate encodings pick the chosen items; folding G into the row axis keeps it a
      // plain batched matmul against [B,N,d]
      NDArray previous = chosen.get(":, :, 0:" + (steps - 1) + ", :").reshape(b, g * (steps - 1), n);
      NDArray picked = previous.matMul(cand).reshape(b, g, steps - 1, d);
      tokens = NDArrays.concat(new NDList(startToken, picked), 2);
    }
    NDManager m = cand.getManager();
    NDArray positions = m.arange(0, (int) steps).toType(DataType.INT64, false);
    tokens = tokens.add(steps(ps, positions, training));
    NDArray causal = causalMask(m, (int) steps);
    NDArray x = tokens;
    for (TransformerLayer layer : layers) {
      x = layer.applyGrouped(ps, x, causal, cand, training);
    }
    NDArray h = decoderNorm.apply(ps, x, training);
    NDArray query = queryProjection.apply(ps, h, training); // [B,G,T,d]
    if (enc.objectiveWeights() != null) {
      NDArray perObjective = objectiveQueries.apply(ps, h, training).reshape(b, g, steps, objectives, d);
      query = query.add(perObjective.mul(enc.objectiveWeights().reshape(b, 1, 1, objectives, 1)).sum(new int[] {3}));
    }
    query = query.reshape(b, g * steps, d);
    NDArray keys = keyProjection.apply(ps, cand, training); // [B,N,d]
    return Scalars.div(query.matMul(keys.swapAxes(-1, -2)), (float) Math.sqrt(d)).reshape(b, g, steps, n);
  }

  private NDArray steps(ParameterStore ps, NDArray positions, boolean training) {
    return this.steps.lookup(ps, positions, training);
  }

  /** Additive {@code [T, T]} mask that lets position i attend to positions ≤ i only. */
  static NDArray causalMask(NDManager m, int steps) {
    float[] mask = new float[steps * steps];
    for (int i = 0; i < steps; i++) {
      for (int j = i + 1; j < steps; j++) {
        mask[i * steps + j] = BatchTensors.BLOCKED;
      }
    }
    return m.create(mask, new Shape(steps, steps));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    // NDList form: the five BatchTensors arrays, then lists [B,G,L] → log π [B,G].
    BatchTensors t = BatchTensors.of(in);
    return new NDList(logProb(ps, encode(ps, t, training), in.get(5), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[5].slice(0, 2)};
  }
}
