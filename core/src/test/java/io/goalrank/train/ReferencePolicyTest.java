package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ReferencePolicyTest {

  @Test
  void zScoreSoftmaxMatchesHandComputedValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      // rewards 1, 2, 3: mean 2, unbiased std 1 → z = −1, 0, 1 → softmax = e^−1, e^0, e^1 over their sum
      NDArray r = m.create(new float[] {1f, 2f, 3f}, new Shape(1, 3));
      NDArray mask = m.ones(new Shape(1, 3));
      float[] ref = ReferencePolicy.of(r, mask).toFloatArray();
      double z = Math.exp(-1) + 1 + Math.exp(1);
      double scale = 1 / (1 + 1e-6); // ε in the denominator
      assertEquals(Math.exp(-scale) / (Math.exp(-scale) + 1 + Math.exp(scale)), ref[0], 1e-5);
      assertEquals(1 / z, ref[1], 1e-5);
      assertEquals(Math.exp(1) / z, ref[2], 1e-5);
    }
  }

  @Test
  void aTemperatureDividesTheZScoresAndMustBePositive() {
    try (NDManager m = NDManager.newBaseManager()) {
      // z = −1, 0, 1 as above; τ = 0.5 → softmax of −2, 0, 2
      NDArray r = m.create(new float[] {1f, 2f, 3f}, new Shape(1, 3));
      NDArray mask = m.ones(new Shape(1, 3));
      float[] ref = ReferencePolicy.of(r, mask, 0.5f).toFloatArray();
      double z = Math.exp(-2) + 1 + Math.exp(2);
      assertEquals(Math.exp(-2) / z, ref[0], 1e-4);
      assertEquals(1 / z, ref[1], 1e-4);
      assertEquals(Math.exp(2) / z, ref[2], 1e-4);
      org.junit.jupiter.api.Assertions.assertArrayEquals(ReferencePolicy.of(r, mask).toFloatArray(),
          ReferencePolicy.of(r, mask, 1f).toFloatArray(), 0f, "τ = 1 is Eq. 4");
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> ReferencePolicy.of(r, mask, 0f));
    }
  }

  @Test
  void shiftAndScaleOfRewardsDoNotChangeTheReference() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mask = m.ones(new Shape(1, 4));
      float[] a = ReferencePolicy.of(m.create(new float[] {0.1f, 0.5f, 0.2f, 0.9f}, new Shape(1, 4)), mask)
          .toFloatArray();
      float[] b = ReferencePolicy.of(m.create(new float[] {10.3f, 12.3f, 10.8f, 14.3f}, new Shape(1, 4)), mask)
          .toFloatArray();
      for (int k = 0; k < 4; k++) {
        assertEquals(a[k], b[k], 1e-4, "group-relative: a bias b(l) shared by the group cancels");
      }
    }
  }

  @Test
  void maskedListsGetNoMassAndDoNotMoveTheStatistics() {
    try (NDManager m = NDManager.newBaseManager()) {
      // the third entry is a duplicate (masked) with a huge reward: it must not matter
      NDArray r = m.create(new float[] {1f, 3f, 100f}, new Shape(1, 3));
      NDArray mask = m.create(new float[] {1f, 1f, 0f}, new Shape(1, 3));
      float[] ref = ReferencePolicy.of(r, mask).toFloatArray();
      // two lists: mean 2, std sqrt(2) → z = ∓1/sqrt(2)
      double z = 1 / Math.sqrt(2);
      assertEquals(Math.exp(-z) / (Math.exp(-z) + Math.exp(z)), ref[0], 1e-5);
      assertEquals(0.0, ref[2], 1e-9);
    }
  }

  @Test
  void crossEntropyIsMinusTheReferenceWeightedLogProbability() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ref = m.create(new float[] {0.2f, 0.8f, 0.5f, 0.5f}, new Shape(2, 2));
      NDArray logp = m.create(new float[] {-1f, -2f, -3f, -4f}, new Shape(2, 2));
      NDArray mask = m.ones(new Shape(2, 2));
      // request 1: 0.2·1 + 0.8·2 = 1.8; request 2: 0.5·3 + 0.5·4 = 3.5; mean 2.65
      assertEquals(2.65, ReferencePolicy.crossEntropy(ref, logp, mask).getFloat(), 1e-5);
    }
  }

  @Test
  void equalRewardsGiveAUniformReference() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] ref = ReferencePolicy.of(m.create(new float[] {0.4f, 0.4f, 0.4f, 0.4f, 0.4f}, new Shape(1, 5)),
          m.ones(new Shape(1, 5))).toFloatArray();
      for (float v : ref) {
        assertEquals(0.2, v, 1e-6);
        assertTrue(Float.isFinite(v));
      }
    }
  }
}
