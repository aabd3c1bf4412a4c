package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The constant of a multiplication or division must survive a garbage collection between the forward and the
 * backward pass. Between the two passes this test collects garbage and then fills freshly allocated direct buffers
 * with 1e30, the memory a freed scalar buffer would be reused for; the gradients must still be exact.
 */
class ScalarsTest {

  @Test
  void multiplicationKeepsItsConstantForTheBackwardPass() throws Exception {
    assertGradientAfterCollection((x, v) -> Scalars.mul(x, v), 0.125f, 0.125f);
  }

  @Test
  void divisionKeepsItsConstantForTheBackwardPass() throws Exception {
    assertGradientAfterCollection((x, v) -> Scalars.div(x, v), 8f, 0.125f);
  }

  @Test
  void valuesAreThoseOfThePlainOperations() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, -2f, 3.5f});
      assertEquals(x.mul(0.3f).toFloatArray()[2], Scalars.mul(x, 0.3f).toFloatArray()[2], 0f);
      assertEquals(x.div(7f).toFloatArray()[1], Scalars.div(x, 7f).toFloatArray()[1], 0f);
    }
  }

  private static void assertGradientAfterCollection(BiFunction<NDArray, Float, NDArray> op, float value,
      float expectedGradient) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      for (int round = 0; round < 20; round++) {
        NDArray x = m.create(new float[] {1f, 2f, 3f, 4f});
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          // many small products, so many constants are waiting for the backward pass when the collection runs
          NDArray sum = null;
          for (int k = 0; k < 200; k++) {
            NDArray y = op.apply(x, value).sum();
            sum = sum == null ? y : sum.add(y);
          }
          churnFreedDirectMemory();
          collector.backward(sum);
        }
        float[] grad = x.getGradient().toFloatArray();
        for (float g : grad) {
          assertEquals(200 * expectedGradient, g, 1e-3f, "round " + round);
        }
      }
    }
  }

  /** Frees unreachable direct buffers and reuses their memory for buffers full of 1e30. */
  static void churnFreedDirectMemory() throws InterruptedException {
    System.gc();
    Thread.sleep(20); // the cleaner thread frees direct buffers after the collection
    List<ByteBuffer> filler = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
      b.putFloat(0, 1e30f);
      filler.add(b);
    }
    filler.clear();
  }
}
