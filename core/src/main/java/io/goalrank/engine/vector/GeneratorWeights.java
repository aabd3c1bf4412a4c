package io.goalrank.engine.vector;

import io.goalrank.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A GoalRank generator's weights read by parameter name, in the form the Java forward pass wants: every Linear
 * weight transposed to {@code [in, out]}, the self-attention projections fused into one {@code [d, 3d]} with the
 * score scale 1/√(d/heads) folded into its query columns (as {@code PointerGenerator}'s fast decoder does), the
 * cross-attention keys and values fused into {@code [d, 2d]} with the scale folded into the query, and the pointer
 * keys with 1/√d folded in.
 *
 * <p>Names are DJL's parameter names without the child-order prefixes ({@code 01encoder_08layer0_...} becomes
 * {@code encoder_layer0_...}). Every parameter must be read exactly once: a missing one or one this class does not
 * know (an option of a newer or different model) refuses the checkpoint, naming it, instead of serving it wrongly.
 */
public final class GeneratorWeights {
  /**
   * A fully connected layer: {@code wt} {@code [in, out]} (in a {@link #packedFor} copy: as {@link Kernels#pack}
   * laid it out), {@code bias} {@code [out]}.
   */
  public record Linear(float[] wt, float[] bias, int in, int out) {}

  /** LayerNorm's scale and shift (epsilon {@link #EPSILON}, as {@code model.Norm}). */
  public record Norm(float[] gamma, float[] beta) {}

  /**
   * One pre-norm Transformer layer with cross-attention.
   *
   * @param selfQkv fused {@code [d, 3d]}: query (scaled), key, value columns
   * @param crossQuery {@code [d, d]}, scaled
   * @param crossKv fused {@code [d, 2d]}: key, value columns
   */
  public record Layer(Norm selfNorm, Linear selfQkv, Linear selfOutput, Norm crossNorm, Linear crossQuery,
      Linear crossKv, Linear crossOutput, Norm ffnNorm, Linear ffnIn, Linear ffnOut) {}

  /** LayerNorm epsilon of {@code model.Norm}. */
  public static final float EPSILON = 1e-5f;

  final ModelConfig config;
  final int objectives;
  final float[] items;
  final float[] feedback;
  final Linear userProjection;
  final Norm userNorm;
  final Linear itemProjection;
  final Norm itemNorm;
  final Linear retrieverProjection;
  final List<Layer> encoderLayers;
  final Norm outputNorm;
  final float[] start;
  final float[] steps;
  final List<Layer> decoderLayers;
  final Norm decoderNorm;
  final Linear queryProjection;
  final Linear pointerKey;
  /**
   * Every encoder layer's cross-attention keys and values side by side, {@code [d, 2d·layers]}: each layer attends
   * to the same history tokens, so one product per request projects them for all layers.
   */
  final Linear historyKv;
  /**
   * Every decoder layer's cross-attention keys and values, then the pointer keys, {@code [d, 2d·layers + d]}: all
   * are products of the encoded candidates, made once per request in one product.
   */
  final Linear candidateKv;
  final Linear objectiveIn;
  final Linear objectiveOut;
  final Linear objectiveQueries;
  final Linear objectiveFilm;
  final long parameterCount;

  /** The copies whose Linear weights are in a kernel's layout ({@link #packedFor}), by kernel class. */
  private final Map<Class<?>, GeneratorWeights> packed = new java.util.HashMap<>();

  private GeneratorWeights(ModelConfig config, Map<String, Tensor> named) {
    this.config = config;
    Reader r = new Reader(named);
    int d = config.hidden();
    long rows = config.numItems() + 1L;
    if (config.itemCategories() > 0) {
      throw new UnsupportedModelException("the generator reads item categories (--generator-categories), which the "
          + "Java engine does not yet; serve it with --engine djl");
    }
    if (rows * d > Integer.MAX_VALUE - 8) {
      throw new UnsupportedModelException("the Java engine holds the item table in one Java array, and "
          + rows + " x " + d + " floats do not fit in one; serve this model with --engine djl");
    }
    items = r.take("encoder_items_weight", (int) rows, d).values();
    feedback = r.take("encoder_feedback_weight", 2, d).values();
    userProjection = r.linear("encoder_userProjection", d, d, 1f);
    userNorm = r.norm("encoder_userNorm", d);
    itemProjection = r.linear("encoder_itemProjection", d, d, 1f);
    itemNorm = r.norm("encoder_itemNorm", d);
    retrieverProjection = config.readsRetrieverScores() ? r.linear("encoder_retrieverProjection", 1, d, 1f) : null;
    List<Layer> enc = new ArrayList<>();
    for (int k = 0; k < config.encoderLayers(); k++) {
      enc.add(r.layer("encoder_layer" + k, config));
    }
    encoderLayers = List.copyOf(enc);
    outputNorm = r.norm("encoder_outputNorm", d);
    start = r.take("start", d).values();
    steps = r.take("steps_weight", config.listLength(), d).values();
    List<Layer> dec = new ArrayList<>();
    for (int k = 0; k < config.decoderLayers(); k++) {
      dec.add(r.layer("decoder" + k, config));
    }
    decoderLayers = List.copyOf(dec);
    decoderNorm = r.norm("decoderNorm", d);
    queryProjection = r.linear("queryProjection", d, d, 1f);
    pointerKey = r.linear("keyProjection", d, d, (float) (1.0 / Math.sqrt(d)));
    historyKv = Reader.fuse(encoderLayers.stream().map(Layer::crossKv).toArray(Linear[]::new));
    List<Linear> memory = new ArrayList<>();
    decoderLayers.forEach(l -> memory.add(l.crossKv()));
    memory.add(pointerKey);
    candidateKv = Reader.fuse(memory.toArray(Linear[]::new));
    Tensor in = named.get("objectiveIn_weight");
    objectives = in != null && in.shape().length == 2 ? in.shape()[1] : 0;
    if (objectives > 0) {
      objectiveIn = r.linear("objectiveIn", objectives, d, 1f);
      objectiveOut = r.linear("objectiveOut", d, d, 1f);
      objectiveQueries = r.linear("objectiveQueries", d, objectives * d, 1f);
      objectiveFilm = r.linear("objectiveFilm", d, d, 1f);
    } else {
      objectiveIn = null;
      objectiveOut = null;
      objectiveQueries = null;
      objectiveFilm = null;
    }
    r.requireAllRead();
    parameterCount = r.count;
  }

  /** A copy of {@code src} with every weight that {@link Kernels#linear} reads in {@code k}'s layout. */
  private GeneratorWeights(GeneratorWeights src, Kernels k) {
    java.util.function.UnaryOperator<Linear> p = l -> l == null ? null
        : new Linear(k.pack(l.wt(), l.in(), l.out()), l.bias(), l.in(), l.out());
    java.util.function.UnaryOperator<Layer> layer = l -> new Layer(l.selfNorm(), p.apply(l.selfQkv()),
        p.apply(l.selfOutput()), l.crossNorm(), p.apply(l.crossQuery()), p.apply(l.crossKv()),
        p.apply(l.crossOutput()), l.ffnNorm(), p.apply(l.ffnIn()), p.apply(l.ffnOut()));
    config = src.config;
    objectives = src.objectives;
    items = src.items;
    feedback = src.feedback;
    userProjection = p.apply(src.userProjection);
    userNorm = src.userNorm;
    itemProjection = p.apply(src.itemProjection);
    itemNorm = src.itemNorm;
    retrieverProjection = src.retrieverProjection; // read as a row, never through linear
    encoderLayers = src.encoderLayers.stream().map(layer).toList();
    outputNorm = src.outputNorm;
    start = src.start;
    steps = src.steps;
    decoderLayers = src.decoderLayers.stream().map(layer).toList();
    decoderNorm = src.decoderNorm;
    queryProjection = p.apply(src.queryProjection);
    pointerKey = p.apply(src.pointerKey);
    historyKv = p.apply(src.historyKv);
    candidateKv = p.apply(src.candidateKv);
    objectiveIn = p.apply(src.objectiveIn);
    objectiveOut = p.apply(src.objectiveOut);
    objectiveQueries = p.apply(src.objectiveQueries);
    objectiveFilm = p.apply(src.objectiveFilm);
    parameterCount = src.parameterCount;
  }

  /**
   * These weights with every Linear in the layout {@code kernels} multiply fastest ({@link Kernels#pack}), made once
   * per kernel class and shared by the decoders of all threads; the weights themselves when the layout is the same.
   */
  synchronized GeneratorWeights packedFor(Kernels kernels) {
    if (!kernels.packs()) {
      return this;
    }
    return packed.computeIfAbsent(kernels.getClass(), c -> new GeneratorWeights(this, kernels));
  }

  /**
   * Reads a generator's weights.
   *
   * @param named parameter name (without DJL's order prefixes) → tensor
   * @throws UnsupportedModelException naming a parameter that is missing, has another shape, or is not known
   */
  public static GeneratorWeights of(ModelConfig config, Map<String, Tensor> named) {
    if (config.decoderLayers() < 1) {
      throw new UnsupportedModelException("a generator without decoder layers");
    }
    return new GeneratorWeights(config, named);
  }

  /** {@code 01encoder_08layer0_02selfAttention_01query_weight} → {@code encoder_layer0_selfAttention_query_weight}. */
  public static String canonicalName(String djlName) {
    String[] parts = djlName.split("_");
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p.length() > 2 && Character.isDigit(p.charAt(0)) && Character.isDigit(p.charAt(1))
          && Character.isLetter(p.charAt(2))) {
        p = p.substring(2);
      }
      if (sb.length() > 0) {
        sb.append('_');
      }
      sb.append(p);
    }
    return sb.toString();
  }

  public ModelConfig config() {
    return config;
  }

  /** Length of the objective-weight vector (0: not conditioned). */
  public int objectives() {
    return objectives;
  }

  /** Scalars in the checkpoint (what {@code GET /v1/model} reports as parameters). */
  public long parameterCount() {
    return parameterCount;
  }

  /** Takes parameters by name, checking shapes, and remembers which were read. */
  private static final class Reader {
    private final Map<String, Tensor> left;
    long count;

    Reader(Map<String, Tensor> named) {
      left = new LinkedHashMap<>(named);
    }

    Tensor take(String name, int... shape) {
      Tensor t = left.remove(name);
      if (t == null) {
        throw new UnsupportedModelException("the checkpoint has no parameter '" + name + "', which the Java engine "
            + "reads; serve this model with --engine djl");
      }
      if (!t.hasShape(shape)) {
        throw new UnsupportedModelException("parameter '" + name + "' has shape " + Arrays.toString(t.shape())
            + ", the Java engine expects " + Arrays.toString(shape) + " for this config");
      }
      count += t.values().length;
      return t;
    }

    /** A DJL Dense {@code [out, in]} transposed to {@code [in, out]}, weight and bias multiplied by {@code scale}. */
    Linear linear(String prefix, int in, int out, float scale) {
      float[] w = take(prefix + "_weight", out, in).values();
      float[] b = take(prefix + "_bias", out).values();
      float[] wt = new float[in * out];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          wt[i * out + o] = w[o * in + i] * scale;
        }
      }
      float[] bias = new float[out];
      for (int o = 0; o < out; o++) {
        bias[o] = b[o] * scale;
      }
      return new Linear(wt, bias, in, out);
    }

    Norm norm(String prefix, int d) {
      return new Norm(take(prefix + "_gamma", d).values(), take(prefix + "_beta", d).values());
    }

    Layer layer(String prefix, ModelConfig c) {
      int d = c.hidden();
      float scale = (float) (1.0 / Math.sqrt((double) d / c.heads()));
      Norm selfNorm = norm(prefix + "_selfNorm", d);
      Linear sq = linear(prefix + "_selfAttention_query", d, d, scale);
      Linear sk = linear(prefix + "_selfAttention_key", d, d, 1f);
      Linear sv = linear(prefix + "_selfAttention_value", d, d, 1f);
      Linear so = linear(prefix + "_selfAttention_output", d, d, 1f);
      Norm crossNorm = norm(prefix + "_crossNorm", d);
      Linear cq = linear(prefix + "_crossAttention_query", d, d, scale);
      Linear ck = linear(prefix + "_crossAttention_key", d, d, 1f);
      Linear cv = linear(prefix + "_crossAttention_value", d, d, 1f);
      Linear co = linear(prefix + "_crossAttention_output", d, d, 1f);
      Norm ffnNorm = norm(prefix + "_ffnNorm", d);
      Linear ffnIn = linear(prefix + "_ffnIn", d, c.ffn(), 1f);
      Linear ffnOut = linear(prefix + "_ffnOut", c.ffn(), d, 1f);
      return new Layer(selfNorm, fuse(sq, sk, sv), so, crossNorm, cq, fuse(ck, cv), co, ffnNorm, ffnIn, ffnOut);
    }

    /** Side-by-side columns: one {@code [in, Σ out]} layer computing all of them. */
    static Linear fuse(Linear... parts) {
      int in = parts[0].in();
      int out = 0;
      for (Linear p : parts) {
        out += p.out();
      }
      float[] wt = new float[in * out];
      float[] bias = new float[out];
      int col = 0;
      for (Linear p : parts) {
        for (int i = 0; i < in; i++) {
          System.arraycopy(p.wt(), i * p.out(), wt, i * out + col, p.out());
        }
        System.arraycopy(p.bias(), 0, bias, col, p.out());
        col += p.out();
      }
      return new Linear(wt, bias, in, out);
    }

    void requireAllRead() {
      if (!left.isEmpty()) {
        throw new UnsupportedModelException("the checkpoint holds parameters the Java engine does not know: "
            + new TreeSet<>(left.keySet()) + " (a model option it does not implement); serve this model with "
            + "--engine djl");
      }
    }
  }
}
