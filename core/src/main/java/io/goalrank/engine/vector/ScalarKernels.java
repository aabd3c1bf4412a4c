package io.goalrank.engine.vector;

/** {@link Kernels} as plain loops: the fallback where the Vector API is not enabled, and its test reference. */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String describe() {
    return "scalar";
  }

  @Override
  public void linear(float[] x, int xOff, int rows, int in, float[] wt, float[] bias, int out, float[] y, int yOff) {
    for (int r = 0; r < rows; r++) {
      int yr = yOff + r * out;
      System.arraycopy(bias, 0, y, yr, out);
      int xr = xOff + r * in;
      for (int i = 0; i < in; i++) {
        // axpy form over a contiguous row of the transposed weight: the JIT vectorises this loop on its own
        float xi = x[xr + i];
        int w = i * out;
        for (int o = 0; o < out; o++) {
          y[yr + o] += xi * wt[w + o];
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
