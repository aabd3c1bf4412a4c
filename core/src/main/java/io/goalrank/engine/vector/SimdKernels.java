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

  /** Rows per tile: the tile's inputs stay in cache while each column block of the weight streams past them. */
  private static final int TILE_ROWS = 16;

  /**
   * One row runs {@link #linear1}. More rows run blocked: tiles of up to {@link #TILE_ROWS} rows; within a tile, for
   * each block of 2·W output columns, every group of four rows multiplies the same {@code [in, 2W]} slice of the
   * weight, which stays in L1 between them, so the weight streams from memory once per tile instead of once per
   * row (a decoder step of 8 requests reads each weight once, not 8 times). Every output is the bias plus the
   * products in input order, fused, whatever the row count or block: the same value as one row alone.
   */
  @Override
  public void linear(float[] x, int xOff, int rows, int in, float[] wt, float[] bias, int out, float[] y, int yOff) {
    if (rows == 1) {
      linear1(x, xOff, in, wt, bias, out, y, yOff);
      return;
    }
    for (int t = 0; t < rows; t += TILE_ROWS) {
      int tile = Math.min(TILE_ROWS, rows - t);
      int x0 = xOff + t * in;
      int y0 = yOff + t * out;
      int o = 0;
      for (; o + 2 * W <= out; o += 2 * W) {
        int r = 0;
        for (; r + 4 <= tile; r += 4) {
          block4(x, x0 + r * in, in, wt, bias, out, y, y0 + r * out, o);
        }
        for (; r < tile; r++) {
          block1(x, x0 + r * in, in, wt, bias, out, y, y0 + r * out, o);
        }
      }
      if (o < out) {
        // the last columns (fewer than two vectors' worth), row by row
        for (int r = 0; r < tile; r++) {
          linearColumns(x, x0 + r * in, in, wt, bias, out, y, y0 + r * out, o);
        }
      }
    }
  }

  /** Columns {@code o .. o+2W} of four rows: 8 accumulators, 2 weight loads and 4 broadcasts per 8 multiply-adds. */
  private static void block4(float[] x, int x0, int in, float[] wt, float[] bias, int out, float[] y, int y0, int o) {
    int x1 = x0 + in;
    int x2 = x1 + in;
    int x3 = x2 + in;
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    FloatVector b1 = FloatVector.fromArray(S, bias, o + W);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    for (int i = 0, w = o; i < in; i++, w += out) {
      FloatVector w0 = FloatVector.fromArray(S, wt, w);
      FloatVector w1 = FloatVector.fromArray(S, wt, w + W);
      FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
      a00 = w0.fma(v, a00);
      a01 = w1.fma(v, a01);
      v = FloatVector.broadcast(S, x[x1 + i]);
      a10 = w0.fma(v, a10);
      a11 = w1.fma(v, a11);
      v = FloatVector.broadcast(S, x[x2 + i]);
      a20 = w0.fma(v, a20);
      a21 = w1.fma(v, a21);
      v = FloatVector.broadcast(S, x[x3 + i]);
      a30 = w0.fma(v, a30);
      a31 = w1.fma(v, a31);
    }
    a00.intoArray(y, y0 + o);
    a01.intoArray(y, y0 + o + W);
    a10.intoArray(y, y0 + out + o);
    a11.intoArray(y, y0 + out + o + W);
    a20.intoArray(y, y0 + 2 * out + o);
    a21.intoArray(y, y0 + 2 * out + o + W);
    a30.intoArray(y, y0 + 3 * out + o);
    a31.intoArray(y, y0 + 3 * out + o + W);
  }

  /** Columns {@code o .. o+2W} of one row (a tile's last rows). */
  private static void block1(float[] x, int x0, int in, float[] wt, float[] bias, int out, float[] y, int y0, int o) {
    FloatVector a0 = FloatVector.fromArray(S, bias, o);
    FloatVector a1 = FloatVector.fromArray(S, bias, o + W);
    for (int i = 0, w = o; i < in; i++, w += out) {
      FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
      a0 = FloatVector.fromArray(S, wt, w).fma(v, a0);
      a1 = FloatVector.fromArray(S, wt, w + W).fma(v, a1);
    }
    a0.intoArray(y, y0 + o);
    a1.intoArray(y, y0 + o + W);
  }

  private static void linear1(float[] x, int x0, int in, float[] wt, float[] bias, int out, float[] y, int y0) {
    int o = 0;
    // one row (a decoding step): four independent accumulators keep the multiply-add pipeline busy
    for (; o + 4 * W <= out; o += 4 * W) {
      FloatVector a0 = FloatVector.fromArray(S, bias, o);
      FloatVector a1 = FloatVector.fromArray(S, bias, o + W);
      FloatVector a2 = FloatVector.fromArray(S, bias, o + 2 * W);
      FloatVector a3 = FloatVector.fromArray(S, bias, o + 3 * W);
      for (int i = 0, w = o; i < in; i++, w += out) {
        FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
        a0 = FloatVector.fromArray(S, wt, w).fma(v, a0);
        a1 = FloatVector.fromArray(S, wt, w + W).fma(v, a1);
        a2 = FloatVector.fromArray(S, wt, w + 2 * W).fma(v, a2);
        a3 = FloatVector.fromArray(S, wt, w + 3 * W).fma(v, a3);
      }
      a0.intoArray(y, y0 + o);
      a1.intoArray(y, y0 + o + W);
      a2.intoArray(y, y0 + o + 2 * W);
      a3.intoArray(y, y0 + o + 3 * W);
    }
    linearColumns(x, x0, in, wt, bias, out, y, y0, o);
  }

  /** Columns {@code from..out} of one row: whole vectors, then scalars. */
  private static void linearColumns(float[] x, int x0, int in, float[] wt, float[] bias, int out, float[] y, int y0,
      int from) {
    int o = from;
    for (; o + W <= out; o += W) {
      FloatVector a = FloatVector.fromArray(S, bias, o);
      for (int i = 0, w = o; i < in; i++, w += out) {
        a = FloatVector.fromArray(S, wt, w).fma(FloatVector.broadcast(S, x[x0 + i]), a);
      }
      a.intoArray(y, y0 + o);
    }
    for (; o < out; o++) {
      float a = bias[o];
      for (int i = 0, w = o; i < in; i++, w += out) {
        a += x[x0 + i] * wt[w];
      }
      y[y0 + o] = a;
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
