package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import org.junit.jupiter.api.Test;

class PositionDebiasedScorerTest {

  @Test
  void aClickLogitIsTheShownItemsScorePlusOneOffsetPerPosition() {
    ModelConfig config = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 8, 3);
    RequestBatch batch = PointerGeneratorTest.batch(4, 10, 30, 3);
    long[] shown = new long[4 * 2 * 3];
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < shown.length; i++) {
      shown[i] = rnd.nextInt(10);
    }
    try (NetworkTrainer<PositionDebiasedScorer> net =
            new NetworkTrainer<>(new PositionDebiasedScorer(config), 1e-3f, 0f, 5f, 1);
        NDManager m = NDManager.newBaseManager()) {
      // train the offsets away from their init so that they are not all ~0
      BatchTensors t = BatchTensors.of(m, batch, 8);
      var lists = m.create(shown, new Shape(4, 2, 3));
      for (int k = 0; k < 5; k++) {
        net.step(s -> net.block().clickLogits(net.parameterStore(), BatchTensors.of(s, batch, 8),
            s.create(shown, new Shape(4, 2, 3)), true).mul(s.create(new float[] {1f, 0f, -1f})).mean());
      }
      float[] scores = net.block().logits(net.parameterStore(), t, false).toFloatArray(); // [4,10]
      float[] clicks = net.block().clickLogits(net.parameterStore(), t, lists, false).toFloatArray(); // [4,2,3]
      float[] offset = new float[3];
      for (int p = 0; p < 3; p++) {
        offset[p] = clicks[p] - scores[(int) shown[p]];
      }
      for (int b = 0; b < 4; b++) {
        for (int k = 0; k < 2; k++) {
          for (int p = 0; p < 3; p++) {
            int at = (b * 2 + k) * 3 + p;
            assertEquals(scores[b * 10 + (int) shown[at]] + offset[p], clicks[at], 1e-4f, "b" + b + " k" + k + " p" + p);
          }
        }
      }
      assertNotEquals(offset[0], offset[2], 1e-4f, "positions have their own offsets");
    }
  }
}
