package io.goalrank.engine.vector;

/** {@link Kernels} as plain loops: the fallback where the Vector API is not enabled, and its test reference. */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String describe() {
    return "scalar";
  }

  /**
   * Rows in blocks of four that share each weight row while it is in cache (a decoder step of several requests reads
   * the weight once per block, not once per row); every output is the bias plus the products in input order, so a
   * row gets the same value in any block.
   */
  @Override
  public void linear(float[] x, int xOff, int rows, int in, float[] wt, float[] bias, int out, float[] y, int yOff) {
    for (int r0 = 0; r0 < rows; r0 += 4) {
      int block = Math.min(4, rows - r0);
      for (int r = r0; r < r0 + block; r++) {
        System.arraycopy(bias, 0, y, yOff + r * out, out);
      }
      for (int i = 0; i < in; i++) {
        int w = i * out;
        for (int r = r0; r < r0 + block; r++) {
          // axpy form over a contiguous row of the transposed weight: the JIT vectorises this loop on its own
          float xi = x[xOff + r * in + i];
          int yr = yOff + r * out;
          for (int o = 0; o < out; o++) {
            y[yr + o] += xi * wt[w + o];
          }
        }
      }
    }
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    float s = 0f;
    for (int i = 0; i < len; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    for (int i = 0; i < len; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void add(float[] x, int xOff, float[] y, int yOff, int len) {
    for (int i = 0; i < len; i++) {
      y[yOff + i] += x[xOff + i];
    }
  }

  @Override
  public void gelu(float[] x, int off, int len) {
    for (int i = off; i < off + len; i++) {
      x[i] = Gelu.apply(x[i]);
    }
  }
}
