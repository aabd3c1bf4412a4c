package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import org.junit.jupiter.api.Test;

/**
 * One Eq. 5 step through the real reference policy and generator: the list whose reward is raised in the group
 * gains log-probability relative to an identical run where the other list is favoured.
 */
class GroupRelativeStepTest {
  private static final long[] LISTS = {0, 1, 2, 3, 4, 5, 6, 7, 8}; // three lists of 3: A, B, C

  @Test
  void raisingAListsRewardRaisesItsLogProbabilityAfterOneStep() {
    double aWhenFavoured = logProbAfterStep(new float[] {1f, 0f, 0.5f}, 0);
    double aWhenNot = logProbAfterStep(new float[] {0f, 1f, 0.5f}, 0);
    double bWhenFavoured = logProbAfterStep(new float[] {0f, 1f, 0.5f}, 1);
    double bWhenNot = logProbAfterStep(new float[] {1f, 0f, 0.5f}, 1);
    assertTrue(aWhenFavoured > aWhenNot, aWhenFavoured + " vs " + aWhenNot);
    assertTrue(bWhenFavoured > bWhenNot, bWhenFavoured + " vs " + bWhenNot);
  }

  /** Log-probability of list {@code which} after one step with the given group rewards (same init each time). */
  private static double logProbAfterStep(float[] rewards, int which) {
    ModelConfig config = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 5, 3);
    RequestBatch batch = io.goalrank.model.PointerGeneratorTestAccess.batch(2, 10, 30, 5);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 5e-3f, 0f, 5f, 17)) {
      PointerGenerator g = net.block();
      long[] flat = new long[2 * 9];
      System.arraycopy(LISTS, 0, flat, 0, 9);
      System.arraycopy(LISTS, 0, flat, 9, 9);
      float[] r = new float[6];
      System.arraycopy(rewards, 0, r, 0, 3);
      System.arraycopy(rewards, 0, r, 3, 3);
      net.step(m -> {
        NDArray lists = m.create(flat, new Shape(2, 3, 3));
        NDArray mask = m.ones(new Shape(2, 3));
        NDArray reference = ReferencePolicy.of(m.create(r, new Shape(2, 3)), mask);
        NDArray logp = g.logProb(net.parameterStore(), g.encode(net.parameterStore(), BatchTensors.of(m, batch, 5), true),
            lists, true);
        return ReferencePolicy.crossEntropy(reference, logp, mask);
      });
      try (NDManager m = net.manager().newSubManager()) {
        NDArray logp = g.logProb(net.parameterStore(), g.encode(net.parameterStore(), BatchTensors.of(m, batch, 5), false),
            m.create(flat, new Shape(2, 3, 3)), false);
        float[] v = logp.toFloatArray();
        return v[which] + v[3 + which];
      }
    }
  }
}
