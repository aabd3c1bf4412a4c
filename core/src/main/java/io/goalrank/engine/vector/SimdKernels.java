package io.goalrank.engine.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on jdk.incubator.vector at the platform's preferred width. The only class that names the Vector
 * API: {@link Kernels#best()} loads it by name, so nothing else links against the incubator module. Public with a
 * public constructor for that reflective load only.
 */
public final class SimdKernels implements Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = S.length();

  public SimdKernels() {}

  @Override
  public String describe() {
    return "vector (" + S.vectorBitSize() + "-bit, " + W + " floats)";
  }

  /** Columns per panel of a packed weight: the width of the register tiles. */
  private static final int P = 2 * W;

  /**
   * Panels of {@link #P} columns, each {@code [in, P]} contiguous, then the last {@code out mod P} columns as one
   * narrower panel: the tiles stream a panel front to back instead of reading 2·W floats a row apart. Rows of a
   * power-of-two width fall into a few L1 sets (a 1 KB stride reuses 4 of 64), so the row-major slice a tile reads
   * for every group of rows did not stay in L1.
   */
  @Override
  public float[] pack(float[] wt, int in, int out) {
    float[] p = new float[in * out];
    pack(wt, 0, out, in, out, p);
    return p;
  }

  @Override
  public void pack(float[] src, int off, int stride, int in, int out, float[] dst) {
    int full = out - out % P;
    for (int o = 0; o < full; o += P) {
      for (int i = 0; i < in; i++) {
        System.arraycopy(src, off + i * stride + o, dst, o * in + i * P, P);
      }
    }
    int rest = out - full;
    for (int i = 0; i < in; i++) {
      System.arraycopy(src, off + i * stride + full, dst, full * in + i * rest, rest);
    }
  }

  @Override
  public boolean packs() {
    return true;
  }

  /**
   * {@link #gemm}'s tiles on a {@link #pack}ed weight: the panel at column o starts at {@code o·in} with row stride
   * P. The arithmetic per output is the same (bias, then the products in input order, fused), so are the bits.
   */
  @Override
  public void linear(float[] x, int xOff, int xs, int rows, int in, float[] packed, float[] bias, int out, float[] y,
      int yOff, int ys) {
    int full = out - out % P;
    if (rows == 1) {
      linear1(x, xOff, in, packed, out, full, bias, y, yOff);
      return;
    }
    for (int t = 0; t < rows; t += TILE_ROWS) {
      int tile = Math.min(TILE_ROWS, rows - t);
      int x0 = xOff + t * xs;
      int y0 = yOff + t * ys;
      for (int o = 0; o < full; o += P) {
        int r = 0;
        for (; r + 6 <= tile; r += 6) {
          panel6(x, x0 + r * xs, xs, in, packed, o * in, bias, o, y, y0 + r * ys + o, ys);
        }
        for (; r + 4 <= tile; r += 4) {
          panel4(x, x0 + r * xs, xs, in, packed, o * in, bias, o, y, y0 + r * ys + o, ys);
        }
        for (; r + 2 <= tile; r += 2) {
          panel2(x, x0 + r * xs, xs, in, packed, o * in, bias, o, y, y0 + r * ys + o, ys);
        }
        if (r < tile) {
          panel1(x, x0 + r * xs, in, packed, o * in, bias, o, y, y0 + r * ys + o);
        }
      }
      if (full < out) {
        // the narrow last panel (row stride out − full), row by row
        for (int r = 0; r < tile; r++) {
          columns(x, x0 + r * xs, in, packed, full * in - full, out - full, out, bias, y, y0 + r * ys, full);
        }
      }
    }
  }

  /**
   * One row on a packed weight: four panels at a time, eight independent accumulators (a decoder step is one row per
   * request: eight chains of multiply-adds keep both FMA units busy and four panels stream at once), then two, one.
   */
  private static void linear1(float[] x, int x0, int in, float[] packed, int out, int full, float[] bias, float[] y,
      int y0) {
    int o = 0;
    for (; o + 4 * P <= full; o += 4 * P) {
      FloatVector a0 = start(bias, o);
      FloatVector a1 = start(bias, o + W);
      FloatVector a2 = start(bias, o + P);
      FloatVector a3 = start(bias, o + P + W);
      FloatVector a4 = start(bias, o + 2 * P);
      FloatVector a5 = start(bias, o + 2 * P + W);
      FloatVector a6 = start(bias, o + 3 * P);
      FloatVector a7 = start(bias, o + 3 * P + W);
      int w0 = o * in;
      int w1 = w0 + P * in;
      int w2 = w1 + P * in;
      int w3 = w2 + P * in;
      for (int i = 0; i < in; i++) {
        FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
        int wi = i * P;
        a0 = FloatVector.fromArray(S, packed, w0 + wi).fma(b, a0);
        a1 = FloatVector.fromArray(S, packed, w0 + wi + W).fma(b, a1);
        a2 = FloatVector.fromArray(S, packed, w1 + wi).fma(b, a2);
        a3 = FloatVector.fromArray(S, packed, w1 + wi + W).fma(b, a3);
        a4 = FloatVector.fromArray(S, packed, w2 + wi).fma(b, a4);
        a5 = FloatVector.fromArray(S, packed, w2 + wi + W).fma(b, a5);
        a6 = FloatVector.fromArray(S, packed, w3 + wi).fma(b, a6);
        a7 = FloatVector.fromArray(S, packed, w3 + wi + W).fma(b, a7);
      }
      a0.intoArray(y, y0 + o);
      a1.intoArray(y, y0 + o + W);
      a2.intoArray(y, y0 + o + P);
      a3.intoArray(y, y0 + o + P + W);
      a4.intoArray(y, y0 + o + 2 * P);
      a5.intoArray(y, y0 + o + 2 * P + W);
      a6.intoArray(y, y0 + o + 3 * P);
      a7.intoArray(y, y0 + o + 3 * P + W);
    }
    for (; o + 2 * P <= full; o += 2 * P) {
      FloatVector a0 = start(bias, o);
      FloatVector a1 = start(bias, o + W);
      FloatVector a2 = start(bias, o + P);
      FloatVector a3 = start(bias, o + P + W);
      int w0 = o * in;
      int w1 = w0 + P * in;
      for (int i = 0; i < in; i++) {
        FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
        int wi = i * P;
        a0 = FloatVector.fromArray(S, packed, w0 + wi).fma(b, a0);
        a1 = FloatVector.fromArray(S, packed, w0 + wi + W).fma(b, a1);
        a2 = FloatVector.fromArray(S, packed, w1 + wi).fma(b, a2);
        a3 = FloatVector.fromArray(S, packed, w1 + wi + W).fma(b, a3);
      }
      a0.intoArray(y, y0 + o);
      a1.intoArray(y, y0 + o + W);
      a2.intoArray(y, y0 + o + P);
      a3.intoArray(y, y0 + o + P + W);
    }
    if (o < full) {
      panel1(x, x0, in, packed, o * in, bias, o, y, y0 + o);
    }
    if (full < out) {
      columns(x, x0, in, packed, full * in - full, out - full, out, bias, y, y0, full);
    }
  }

  /**
   * Columns {@code o .. o+P} of six rows on the packed panel at {@code w0} (row i of it at {@code w0 + i·P}): as
   * {@link #block6}, but with the panel's row stride the constant P: given it as a parameter, C2 kept that stride and
   * the activation array on the stack and reloaded them every step. (The two weight loads are still bounds-checked
   * per step; one loop index removed the checks but made C2 spill four accumulators, which was slower.)
   */
  private static void panel6(float[] x, int x0, int xs, int in, float[] w, int w0, float[] bias, int o, float[] y,
      int y0, int ys) {
    FloatVector b0 = start(bias, o);
    FloatVector b1 = start(bias, o + W);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    FloatVector a40 = b0;
    FloatVector a41 = b1;
    FloatVector a50 = b0;
    FloatVector a51 = b1;
    int x1 = x0 + xs;
    int x2 = x1 + xs;
    int x3 = x2 + xs;
    int x4 = x3 + xs;
    int x5 = x4 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += P) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
      b = FloatVector.broadcast(S, x[x2 + i]);
      a20 = v0.fma(b, a20);
      a21 = v1.fma(b, a21);
      b = FloatVector.broadcast(S, x[x3 + i]);
      a30 = v0.fma(b, a30);
      a31 = v1.fma(b, a31);
      b = FloatVector.broadcast(S, x[x4 + i]);
      a40 = v0.fma(b, a40);
      a41 = v1.fma(b, a41);
      b = FloatVector.broadcast(S, x[x5 + i]);
      a50 = v0.fma(b, a50);
      a51 = v1.fma(b, a51);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
    a20.intoArray(y, y0 + 2 * ys);
    a21.intoArray(y, y0 + 2 * ys + W);
    a30.intoArray(y, y0 + 3 * ys);
    a31.intoArray(y, y0 + 3 * ys + W);
    a40.intoArray(y, y0 + 4 * ys);
    a41.intoArray(y, y0 + 4 * ys + W);
    a50.intoArray(y, y0 + 5 * ys);
    a51.intoArray(y, y0 + 5 * ys + W);
  }

  /** {@link #panel6} for four rows. */
  private static void panel4(float[] x, int x0, int xs, int in, float[] w, int w0, float[] bias, int o, float[] y,
      int y0, int ys) {
    FloatVector b0 = start(bias, o);
    FloatVector b1 = start(bias, o + W);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    int x1 = x0 + xs;
    int x2 = x1 + xs;
    int x3 = x2 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += P) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
      b = FloatVector.broadcast(S, x[x2 + i]);
      a20 = v0.fma(b, a20);
      a21 = v1.fma(b, a21);
      b = FloatVector.broadcast(S, x[x3 + i]);
      a30 = v0.fma(b, a30);
      a31 = v1.fma(b, a31);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
    a20.intoArray(y, y0 + 2 * ys);
    a21.intoArray(y, y0 + 2 * ys + W);
    a30.intoArray(y, y0 + 3 * ys);
    a31.intoArray(y, y0 + 3 * ys + W);
  }

  /** {@link #panel6} for two rows. */
  private static void panel2(float[] x, int x0, int xs, int in, float[] w, int w0, float[] bias, int o, float[] y,
      int y0, int ys) {
    FloatVector a00 = start(bias, o);
    FloatVector a01 = start(bias, o + W);
    FloatVector a10 = a00;
    FloatVector a11 = a01;
    int x1 = x0 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += P) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
  }

  /** {@link #panel6} for one row. */
  private static void panel1(float[] x, int x0, int in, float[] w, int w0, float[] bias, int o, float[] y, int y0) {
    FloatVector a0 = start(bias, o);
    FloatVector a1 = start(bias, o + W);
    for (int i = 0, wi = w0; i < in; i++, wi += P) {
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a0 = FloatVector.fromArray(S, w, wi).fma(b, a0);
      a1 = FloatVector.fromArray(S, w, wi + W).fma(b, a1);
    }
    a0.intoArray(y, y0);
    a1.intoArray(y, y0 + W);
  }

  /**
   * Rows per tile: the tile's inputs stay in cache while each column block of the weight streams past them, and the
   * block's {@code [in, 2W]} slice of the weight stays in L1 while the tile's row blocks multiply it.
   */
  private static final int TILE_ROWS = 24;

  /**
   * One row runs {@link #gemm1}. More rows run register-tiled: tiles of up to {@link #TILE_ROWS} rows; within a
   * tile, for each block of 2·W output columns, every group of six rows (then four, two, one) multiplies the same
   * {@code [in, 2W]} slice of the weight, with all its outputs in registers: 12 accumulators, 2 weight loads and 6
   * broadcasts per 12 multiply-adds, the shape of the usual AVX2 micro-kernel, so the loads no longer keep pace with
   * the multiply-adds. Every output is the bias plus the products in input order, fused, whatever the row count or
   * block: the same value as one row alone.
   */
  @Override
  public void gemm(float[] x, int xOff, int xStride, int rows, int in, float[] w, int wOff, int wStride, int out,
      float[] bias, float[] y, int yOff, int yStride) {
    if (rows == 1) {
      gemm1(x, xOff, in, w, wOff, wStride, out, bias, y, yOff);
      return;
    }
    for (int t = 0; t < rows; t += TILE_ROWS) {
      int tile = Math.min(TILE_ROWS, rows - t);
      int x0 = xOff + t * xStride;
      int y0 = yOff + t * yStride;
      int o = 0;
      for (; o + 2 * W <= out; o += 2 * W) {
        int r = 0;
        for (; r + 6 <= tile; r += 6) {
          block6(x, x0 + r * xStride, xStride, in, w, wOff + o, wStride, bias, o, y, y0 + r * yStride + o, yStride);
        }
        for (; r + 4 <= tile; r += 4) {
          block4(x, x0 + r * xStride, xStride, in, w, wOff + o, wStride, bias, o, y, y0 + r * yStride + o, yStride);
        }
        for (; r + 2 <= tile; r += 2) {
          block2(x, x0 + r * xStride, xStride, in, w, wOff + o, wStride, bias, o, y, y0 + r * yStride + o, yStride);
        }
        if (r < tile) {
          block1(x, x0 + r * xStride, in, w, wOff + o, wStride, bias, o, y, y0 + r * yStride + o);
        }
      }
      if (o < out) {
        // the last columns (fewer than two vectors' worth), row by row
        for (int r = 0; r < tile; r++) {
          columns(x, x0 + r * xStride, in, w, wOff, wStride, out, bias, y, y0 + r * yStride, o);
        }
      }
    }
  }

  /** The bias vector at column {@code o}, or zeros. */
  private static FloatVector start(float[] bias, int o) {
    return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, o);
  }

  /**
   * Columns {@code o .. o+2W} of six rows ({@code w0}: the weight at row 0, column o; {@code y0}: row 0, column o).
   *
   * <p>This and the four-, two- and one-row blocks are the same loop written out on purpose: C2 keeps named
   * {@code FloatVector} locals in registers, but an array of accumulators or a loop over rows would put them in
   * memory, which is what the register tile exists to avoid.
   */
  private static void block6(float[] x, int x0, int xs, int in, float[] w, int w0, int ws, float[] bias, int o,
      float[] y, int y0, int ys) {
    FloatVector b0 = start(bias, o);
    FloatVector b1 = start(bias, o + W);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    FloatVector a40 = b0;
    FloatVector a41 = b1;
    FloatVector a50 = b0;
    FloatVector a51 = b1;
    int x1 = x0 + xs;
    int x2 = x1 + xs;
    int x3 = x2 + xs;
    int x4 = x3 + xs;
    int x5 = x4 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += ws) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
      b = FloatVector.broadcast(S, x[x2 + i]);
      a20 = v0.fma(b, a20);
      a21 = v1.fma(b, a21);
      b = FloatVector.broadcast(S, x[x3 + i]);
      a30 = v0.fma(b, a30);
      a31 = v1.fma(b, a31);
      b = FloatVector.broadcast(S, x[x4 + i]);
      a40 = v0.fma(b, a40);
      a41 = v1.fma(b, a41);
      b = FloatVector.broadcast(S, x[x5 + i]);
      a50 = v0.fma(b, a50);
      a51 = v1.fma(b, a51);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
    a20.intoArray(y, y0 + 2 * ys);
    a21.intoArray(y, y0 + 2 * ys + W);
    a30.intoArray(y, y0 + 3 * ys);
    a31.intoArray(y, y0 + 3 * ys + W);
    a40.intoArray(y, y0 + 4 * ys);
    a41.intoArray(y, y0 + 4 * ys + W);
    a50.intoArray(y, y0 + 5 * ys);
    a51.intoArray(y, y0 + 5 * ys + W);
  }

  /** Columns {@code o .. o+2W} of four rows: 8 accumulators, 2 weight loads and 4 broadcasts per 8 multiply-adds. */
  private static void block4(float[] x, int x0, int xs, int in, float[] w, int w0, int ws, float[] bias, int o,
      float[] y, int y0, int ys) {
    FloatVector b0 = start(bias, o);
    FloatVector b1 = start(bias, o + W);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    int x1 = x0 + xs;
    int x2 = x1 + xs;
    int x3 = x2 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += ws) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
      b = FloatVector.broadcast(S, x[x2 + i]);
      a20 = v0.fma(b, a20);
      a21 = v1.fma(b, a21);
      b = FloatVector.broadcast(S, x[x3 + i]);
      a30 = v0.fma(b, a30);
      a31 = v1.fma(b, a31);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
    a20.intoArray(y, y0 + 2 * ys);
    a21.intoArray(y, y0 + 2 * ys + W);
    a30.intoArray(y, y0 + 3 * ys);
    a31.intoArray(y, y0 + 3 * ys + W);
  }

  /** Columns {@code o .. o+2W} of two rows (50 candidates are 8 blocks of six and one of two). */
  private static void block2(float[] x, int x0, int xs, int in, float[] w, int w0, int ws, float[] bias, int o,
      float[] y, int y0, int ys) {
    FloatVector a00 = start(bias, o);
    FloatVector a01 = start(bias, o + W);
    FloatVector a10 = a00;
    FloatVector a11 = a01;
    int x1 = x0 + xs;
    for (int i = 0, wi = w0; i < in; i++, wi += ws) {
      FloatVector v0 = FloatVector.fromArray(S, w, wi);
      FloatVector v1 = FloatVector.fromArray(S, w, wi + W);
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a00 = v0.fma(b, a00);
      a01 = v1.fma(b, a01);
      b = FloatVector.broadcast(S, x[x1 + i]);
      a10 = v0.fma(b, a10);
      a11 = v1.fma(b, a11);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + W);
    a10.intoArray(y, y0 + ys);
    a11.intoArray(y, y0 + ys + W);
  }

  /** Columns {@code o .. o+2W} of one row (a tile's last row). */
  private static void block1(float[] x, int x0, int in, float[] w, int w0, int ws, float[] bias, int o, float[] y,
      int y0) {
    FloatVector a0 = start(bias, o);
    FloatVector a1 = start(bias, o + W);
    for (int i = 0, wi = w0; i < in; i++, wi += ws) {
      FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
      a0 = FloatVector.fromArray(S, w, wi).fma(b, a0);
      a1 = FloatVector.fromArray(S, w, wi + W).fma(b, a1);
    }
    a0.intoArray(y, y0);
    a1.intoArray(y, y0 + W);
  }

  private static void gemm1(float[] x, int x0, int in, float[] w, int wOff, int ws, int out, float[] bias, float[] y,
      int y0) {
    int o = 0;
    // one row (a decoding step): four independent accumulators keep the multiply-add pipeline busy
    for (; o + 4 * W <= out; o += 4 * W) {
      FloatVector a0 = start(bias, o);
      FloatVector a1 = start(bias, o + W);
      FloatVector a2 = start(bias, o + 2 * W);
      FloatVector a3 = start(bias, o + 3 * W);
      for (int i = 0, wi = wOff + o; i < in; i++, wi += ws) {
        FloatVector b = FloatVector.broadcast(S, x[x0 + i]);
        a0 = FloatVector.fromArray(S, w, wi).fma(b, a0);
        a1 = FloatVector.fromArray(S, w, wi + W).fma(b, a1);
        a2 = FloatVector.fromArray(S, w, wi + 2 * W).fma(b, a2);
        a3 = FloatVector.fromArray(S, w, wi + 3 * W).fma(b, a3);
      }
      a0.intoArray(y, y0 + o);
      a1.intoArray(y, y0 + o + W);
      a2.intoArray(y, y0 + o + 2 * W);
      a3.intoArray(y, y0 + o + 3 * W);
    }
    columns(x, x0, in, w, wOff, ws, out, bias, y, y0, o);
  }

  /** Columns {@code from..out} of one row: whole vectors, then scalars. */
  private static void columns(float[] x, int x0, int in, float[] w, int wOff, int ws, int out, float[] bias,
      float[] y, int y0, int from) {
    int o = from;
    for (; o + W <= out; o += W) {
      FloatVector a = start(bias, o);
      for (int i = 0, wi = wOff + o; i < in; i++, wi += ws) {
        a = FloatVector.fromArray(S, w, wi).fma(FloatVector.broadcast(S, x[x0 + i]), a);
      }
      a.intoArray(y, y0 + o);
    }
    for (; o < out; o++) {
      float a = bias == null ? 0f : bias[o];
      for (int i = 0, wi = wOff + o; i < in; i++, wi += ws) {
        a += x[x0 + i] * w[wi];
      }
      y[y0 + o] = a;
    }
  }

  /** Mean and variance summed in vector lanes (float, as PyTorch's CPU LayerNorm sums), then one scale per row. */
  @Override
  public void layerNorm(float[] in, int inOff, int rows, int d, float[] gamma, float[] beta, float eps, float[] out,
      int outOff) {
    int whole = d - d % W;
    for (int r = 0; r < rows; r++) {
      int a = inOff + r * d;
      FloatVector s = FloatVector.zero(S);
      for (int i = 0; i < whole; i += W) {
        s = s.add(FloatVector.fromArray(S, in, a + i));
      }
      float sum = s.reduceLanes(VectorOperators.ADD);
      for (int i = whole; i < d; i++) {
        sum += in[a + i];
      }
      float mean = sum / d;
      FloatVector m = FloatVector.broadcast(S, mean);
      FloatVector q = FloatVector.zero(S);
      for (int i = 0; i < whole; i += W) {
        FloatVector c = FloatVector.fromArray(S, in, a + i).sub(m);
        q = c.fma(c, q);
      }
      float var = q.reduceLanes(VectorOperators.ADD);
      for (int i = whole; i < d; i++) {
        float c = in[a + i] - mean;
        var += c * c;
      }
      float inv = (float) (1.0 / Math.sqrt(var / d + eps));
      int b = outOff + r * d;
      for (int i = 0; i < whole; i += W) {
        FloatVector.fromArray(S, in, a + i).sub(m).mul(inv).fma(FloatVector.fromArray(S, gamma, i),
            FloatVector.fromArray(S, beta, i)).intoArray(out, b + i);
      }
      for (int i = whole; i < d; i++) {
        out[b + i] = (in[a + i] - mean) * inv * gamma[i] + beta[i];
      }
    }
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    int i = 0;
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    for (; i + 2 * W <= len; i += 2 * W) {
      s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
      s1 = FloatVector.fromArray(S, a, aOff + i + W).fma(FloatVector.fromArray(S, b, bOff + i + W), s1);
    }
    for (; i + W <= len; i += W) {
      s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    int i = 0;
    FloatVector a = FloatVector.broadcast(S, alpha);
    for (; i + W <= len; i += W) {
      FloatVector.fromArray(S, x, xOff + i).fma(a, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < len; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void add(float[] x, int xOff, float[] y, int yOff, int len) {
    int i = 0;
    for (; i + W <= len; i += W) {
      FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < len; i++) {
      y[yOff + i] += x[xOff + i];
    }
  }

  /**
   * The exponentials a vector at a time ({@code VectorOperators.EXP}, as {@link #gelu}), the sum in float lanes:
   * attention takes one softmax per query row and head, and one {@code Math.exp} per score cost more than the score.
   */
  @Override
  public void softmax(float[] s, int off, int len) {
    int whole = len - len % W;
    int end = off + len;
    float max = Float.NEGATIVE_INFINITY;
    if (whole > 0) {
      FloatVector m = FloatVector.fromArray(S, s, off);
      for (int j = off + W; j < off + whole; j += W) {
        m = m.max(FloatVector.fromArray(S, s, j));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (int j = off + whole; j < end; j++) {
      max = Math.max(max, s[j]);
    }
    FloatVector m = FloatVector.broadcast(S, max);
    FloatVector sums = FloatVector.zero(S);
    for (int j = off; j < off + whole; j += W) {
      FloatVector e = FloatVector.fromArray(S, s, j).sub(m).lanewise(VectorOperators.EXP);
      e.intoArray(s, j);
      sums = sums.add(e);
    }
    float sum = sums.reduceLanes(VectorOperators.ADD);
    for (int j = off + whole; j < end; j++) {
      float e = (float) Math.exp(s[j] - max);
      s[j] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int j = off; j < off + whole; j += W) {
      FloatVector.fromArray(S, s, j).mul(inv).intoArray(s, j);
    }
    for (int j = off + whole; j < end; j++) {
      s[j] *= inv;
    }
  }

  @Override
  public void gelu(float[] x, int off, int len) {
    int i = 0;
    for (; i + W <= len; i += W) {
      FloatVector v = FloatVector.fromArray(S, x, off + i);
      FloatVector z = v.mul(Gelu.SQRT1_2);
      FloatVector a = z.abs();
      FloatVector t = FloatVector.broadcast(S, 1f).div(a.fma(Gelu.P, 1f));
      // Horner: ((((A5·t + A4)·t + A3)·t + A2)·t + A1
      FloatVector r = t.fma(Gelu.A5, Gelu.A4);
      r = r.fma(t, FloatVector.broadcast(S, Gelu.A3));
      r = r.fma(t, FloatVector.broadcast(S, Gelu.A2));
      r = r.fma(t, FloatVector.broadcast(S, Gelu.A1));
      FloatVector e = a.mul(a).neg().lanewise(VectorOperators.EXP);
      FloatVector erfAbs = t.mul(r).mul(e).neg().add(1f);
      // erf is odd: put the sign of z back
      FloatVector erf = erfAbs.blend(erfAbs.neg(), z.lt(0f));
      erf.add(1f).mul(v).mul(0.5f).intoArray(x, off + i);
    }
    for (; i < len; i++) {
      x[off + i] = Gelu.apply(x[off + i]);
    }
  }
}
