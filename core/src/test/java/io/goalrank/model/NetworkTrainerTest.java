package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The optimiser step's guard against non-finite losses and gradients. */
class NetworkTrainerTest {

  @Test
  void aSkippedNonFiniteStepDoesNotPoisonTheStepsAfterIt() {
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(new Dense(3, 1), 1e-2f, 0f, 5f, 7)) {
      float[] before = weights(net);
      // 0 · log(0) = NaN: a NaN loss and NaN gradients
      float skipped = net.step(m -> net.block().apply(net.parameterStore(),
          m.create(new float[] {1, 2, 3}, new Shape(1, 3)), true).mul(m.create(0f).log().mul(0f)).sum());
      assertTrue(Float.isNaN(skipped));
      assertArrayEquals(before, weights(net), "a non-finite step must not change the weights");
      float next = net.step(m -> net.block().apply(net.parameterStore(),
          m.create(new float[] {1, 2, 3}, new Shape(1, 3)), true).square().sum());
      assertFalse(Float.isNaN(next), "the step after a skipped one inherited its NaN gradients");
      float[] after = weights(net);
      boolean moved = false;
      for (int k = 0; k < after.length; k++) {
        assertTrue(Float.isFinite(after[k]));
        moved |= after[k] != before[k];
      }
      assertTrue(moved, "the finite step did not update");
    }
  }

  /**
   * A step leaves nothing behind in the trainer's long-lived manager: clearing the gradients with
   * {@code set(index, 0f)} made a scalar there on every step and parameter, and those never-freed blocks made
   * malloc's heap grow by megabytes a step on the MF retriever (issue 19).
   */
  @Test
  void stepsLeaveNoArraysInTheTrainersManager() {
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(new Dense(3, 2), 1e-2f, 1e-5f, 5f, 7)) {
      net.step(m -> net.block().apply(net.parameterStore(), m.create(new float[] {1, 2, 3}, new Shape(1, 3)), true)
          .square().sum()); // the first step creates Adam's moments
      int held = ((BaseNDManager) net.manager()).getManagedArrays().size();
      for (int k = 0; k < 20; k++) {
        net.step(m -> net.block().apply(net.parameterStore(), m.create(new float[] {1, 2, 3}, new Shape(1, 3)),
            true).square().sum());
      }
      assertEquals(held, ((BaseNDManager) net.manager()).getManagedArrays().size());
    }
  }

  private static float[] weights(NetworkTrainer<Dense> net) {
    NDArray w = net.block().getParameters().get("weight").getArray();
    return w.toFloatArray();
  }
}
