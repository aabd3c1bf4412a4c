package io.goalrank.engine.vector;

/**
 * GELU as PyTorch computes it by default ({@code approximate='none'}): {@code x·½·(1 + erf(x/√2))}, with erf by
 * Abramowitz–Stegun 7.1.26 ({@code |error| < 1.5e-7}), the polynomial PyTorch's own vectorised CPU erf uses.
 */
final class Gelu {
  static final float SQRT1_2 = 0.70710678118654752440f;
  static final float P = 0.3275911f;
  static final float A1 = 0.254829592f;
  static final float A2 = -0.284496736f;
  static final float A3 = 1.421413741f;
  static final float A4 = -1.453152027f;
  static final float A5 = 1.061405429f;

  private Gelu() {}

  static float erf(float x) {
    float a = Math.abs(x);
    float t = 1f / (P * a + 1f);
    float r = (((A5 * t + A4) * t + A3) * t + A2) * t + A1;
    float y = 1f - t * r * (float) Math.exp(-a * a);
    return Math.copySign(y, x);
  }

  static float apply(float x) {
    return x * 0.5f * (1f + erf(x * SQRT1_2));
  }
}
