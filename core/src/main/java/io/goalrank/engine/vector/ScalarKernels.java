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
  public void gemm(float[] x, int xOff, int xStride, int rows, int in, float[] w, int wOff, int wStride, int out,
      float[] bias, float[] y, int yOff, int yStride) {
    for (int r0 = 0; r0 < rows; r0 += 4) {
      int block = Math.min(4, rows - r0);
      for (int r = r0; r < r0 + block; r++) {
        if (bias != null) {
          System.arraycopy(bias, 0, y, yOff + r * yStride, out);
        } else {
          java.util.Arrays.fill(y, yOff + r * yStride, yOff + r * yStride + out, 0f);
        }
      }
      for (int i = 0; i < in; i++) {
        int wi = wOff + i * wStride;
        for (int r = r0; r < r0 + block; r++) {
          // axpy form over a contiguous row of the transposed weight: the JIT vectorises this loop on its own
          float xi = x[xOff + r * xStride + i];
          int yr = yOff + r * yStride;
          for (int o = 0; o < out; o++) {
            y[yr + o] += xi * w[wi + o];
          }
        }
      }
    }
  }

  /** Mean and variance summed in double, then one float scale per row. */
  @Override
  public void layerNorm(float[] in, int inOff, int rows, int d, float[] gamma, float[] beta, float eps, float[] out,
      int outOff) {
    for (int r = 0; r < rows; r++) {
      int a = inOff + r * d;
      double mean = 0;
      for (int i = 0; i < d; i++) {
        mean += in[a + i];
      }
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = in[a + i] - mean;
        var += c * c;
      }
      var /= d;
      float inv = (float) (1.0 / Math.sqrt(var + eps));
      int b = outOff + r * d;
      for (int i = 0; i < d; i++) {
        out[b + i] = (float) (in[a + i] - mean) * inv * gamma[i] + beta[i];
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

  /** The sum in double. */
  @Override
  public void softmax(float[] s, int off, int len) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = off; j < off + len; j++) {
      max = Math.max(max, s[j]);
    }
    double sum = 0;
    for (int j = off; j < off + len; j++) {
      float e = (float) Math.exp(s[j] - max);
      s[j] = e;
      sum += e;
    }
    float inv = (float) (1.0 / sum);
    for (int j = off; j < off + len; j++) {
      s[j] *= inv;
    }
  }

  @Override
  public void gelu(float[] x, int off, int len) {
    for (int i = off; i < off + len; i++) {
      x[i] = Gelu.apply(x[i]);
    }
  }
}
