package io.goalrank.engine.vector;

/**
 * The arithmetic the Java engine's forward pass is made of, on plain {@code float[]} with offsets (no views, no
 * allocation). Two implementations: {@link ScalarKernels} (plain loops, always available) and {@code SimdKernels}
 * (jdk.incubator.vector), which is only loaded reflectively by {@link #best()}: a JVM started without
 * {@code --add-modules jdk.incubator.vector} never links it and gets the scalar kernels instead of an error.
 */
public interface Kernels {
  /** The system property that forces the scalar kernels: {@code -Dgoalrank.vector=off}. */
  String PROPERTY = "goalrank.vector";

  /** What runs, e.g. {@code vector (256-bit, 8 floats)} or {@code scalar}. */
  String describe();

  /**
   * A fully connected layer on {@code rows} contiguous rows: {@code y[r, o] = bias[o] + Σ_i x[r, i]·wt[i, o]}.
   *
   * @param packed the weight transposed, {@code [in, out]} row-major (DJL stores {@code [out, in]}), as
   *     {@link #pack} laid it out
   */
  default void linear(float[] x, int xOff, int rows, int in, float[] packed, float[] bias, int out, float[] y,
      int yOff) {
    linear(x, xOff, in, rows, in, packed, bias, out, y, yOff, out);
  }

  /**
   * {@link #linear} on strided rows: row {@code r} of x at {@code xOff + r·xStride}, of y at {@code yOff + r·yStride};
   * {@code bias} may be null (0). Attention multiplies its packed keys and values with it.
   */
  default void linear(float[] x, int xOff, int xStride, int rows, int in, float[] packed, float[] bias, int out,
      float[] y, int yOff, int yStride) {
    gemm(x, xOff, xStride, rows, in, packed, 0, out, out, bias, y, yOff, yStride);
  }

  /**
   * A Linear's weight {@code wt} ({@code [in, out]} row-major) in the layout {@link #linear} reads, made once when
   * the weights are loaded: {@code wt} itself unless {@link #packs()}.
   */
  default float[] pack(float[] wt, int in, int out) {
    return wt;
  }

  /**
   * An {@code [in, out]} matrix whose row {@code i} starts at {@code src[off + i·stride]}, laid out as {@link #pack}
   * lays out a weight, into {@code dst} (at least {@code in·out} long): for products on a matrix made per request
   * (attention's keys and values) without allocating. Row-major {@code [in, out]} unless {@link #packs()}.
   */
  default void pack(float[] src, int off, int stride, int in, int out, float[] dst) {
    for (int i = 0; i < in; i++) {
      System.arraycopy(src, off + i * stride, dst, i * out, out);
    }
  }

  /** Whether {@link #pack} lays weights out anew (else {@link #linear} reads {@code [in, out]} as it is). */
  default boolean packs() {
    return false;
  }

  /**
   * A matrix product on strided rows: {@code y[r, o] = bias[o] + Σ_i x[r, i]·w[i, o]} for {@code rows × out} outputs,
   * row {@code r} of x at {@code xOff + r·xStride}, row {@code i} of w at {@code wOff + i·wStride}, row {@code r} of y
   * at {@code yOff + r·yStride}. {@code bias} may be null (0). Attention uses it on fused projections in place (a
   * head's queries, keys and values are column slices of one buffer). Each output is the bias plus the products in
   * input order, whatever the row count: a row gets the same bits alone or among others.
   */
  void gemm(float[] x, int xOff, int xStride, int rows, int in, float[] w, int wOff, int wStride, int out,
      float[] bias, float[] y, int yOff, int yStride);

  /**
   * LayerNorm over each of {@code rows} rows of {@code d}: {@code (x − mean)/√(var + eps)·γ + β}, biased variance,
   * rows contiguous.
   */
  void layerNorm(float[] in, int inOff, int rows, int d, float[] gamma, float[] beta, float eps, float[] out,
      int outOff);

  /** {@code Σ_i a[aOff+i]·b[bOff+i]}. */
  float dot(float[] a, int aOff, float[] b, int bOff, int len);

  /** {@code y[yOff+i] += alpha·x[xOff+i]}. */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

  /** {@code y[yOff+i] += x[xOff+i]}. */
  void add(float[] x, int xOff, float[] y, int yOff, int len);

  /** Softmax of {@code s[off .. off+len)} in place, the maximum subtracted first. */
  void softmax(float[] s, int off, int len);

  /** GELU in place, the exact (erf) form PyTorch's {@code gelu} computes by default. */
  void gelu(float[] x, int off, int len);

  /** The scalar kernels. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * The vector kernels when the JVM has {@code jdk.incubator.vector} (and {@code -Dgoalrank.vector=off} is not
   * set), else the scalar ones. Decided at run time: the vector class is loaded by name and any linkage failure
   * falls back.
   */
  static Kernels best() {
    if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, "")) || !vectorModulePresent()) {
      return scalar();
    }
    try {
      return (Kernels) Class.forName("io.goalrank.engine.vector.SimdKernels").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return scalar();
    }
  }

  /** Whether the boot layer holds {@code jdk.incubator.vector} (the JVM was started with it added). */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** Why {@link #best()} chose what it chose, for start-up messages. */
  static String explain(Kernels chosen) {
    if (chosen != scalar()) {
      return chosen.describe();
    }
    if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
      return "scalar (-D" + PROPERTY + "=off)";
    }
    return vectorModulePresent() ? "scalar (the Vector API did not load)"
        : "scalar (jdk.incubator.vector not enabled: start the JVM with --add-modules jdk.incubator.vector)";
  }
}
