package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NetworkTrainerTest {

  /**
   * Regression: gradients were zeroed as grad − grad, which turns an infinite gradient into NaN; from then on every
   * step was non-finite and skipped, silently freezing the model (EG-Rerank on Amazon-Book after 8 steps).
   */
  @Test
  void aSkippedNonFiniteStepDoesNotPoisonLaterSteps() {
    Dense dense = new Dense(4, 4);
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(dense, 1e-2f, 0f, 5f, 1)) {
      Function<NDManager, NDArray> square =
          m -> dense.apply(net.parameterStore(), m.ones(new Shape(2, 4)), true).square().sum();
      float first = net.step(square);
      assertTrue(Float.isFinite(first));
      // 1e38 · 1e38 overflows: the loss and the gradients are infinite, so the update is skipped
      float overflow = net.step(m -> dense.apply(net.parameterStore(), m.ones(new Shape(2, 4)), true)
          .mul(1e38f).mul(1e38f).sum());
      assertTrue(Float.isNaN(overflow), "a non-finite step reports NaN");
      float next = net.step(square);
      float after = net.step(square);
      assertFalse(Float.isNaN(next), "the step after a skipped one must be finite");
      assertNotEquals(next, after, "and must update the weights");
    }
  }
}
