package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.model.NetworkTrainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointerGeneratorTest {

  static RequestBatch batch(int b, int n, int numItems, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    int[][] hist = new int[b][];
    byte[][] pos = new byte[b][];
    int[][] cands = new int[b][n];
    for (int r = 0; r < b; r++) {
      int h = r % 3 == 0 ? 0 : 1 + rnd.nextInt(5); // one request without history on purpose
      hist[r] = new int[h];
      pos[r] = new byte[h];
      for (int k = 0; k < h; k++) {
        hist[r][k] = rnd.nextInt(numItems);
        pos[r][k] = (byte) rnd.nextInt(2);
      }
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < numItems; i++) {
        all.add(i);
      }
      java.util.Collections.shuffle(all, rnd);
      for (int k = 0; k < n; k++) {
        cands[r][k] = all.get(k);
      }
    }
    return new RequestBatch(new int[b], new int[b], hist, pos, cands, null, null);
  }

  @Test
  void listProbabilitiesSumToOneOverAllOrderedLists() {
    int n = 5;
    int l = 3;
    ModelConfig config = new ModelConfig(20, 16, 2, 1, 1, 32, 0f, 10, l);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 7);
        NDManager m = net.manager().newSubManager()) {
      RequestBatch batch = batch(2, n, 20, 3);
      List<long[]> lists = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          for (int c = 0; c < n; c++) {
            if (a != b && b != c && a != c) {
              lists.add(new long[] {a, b, c});
            }
          }
        }
      }
      long[] flat = new long[2 * lists.size() * l];
      for (int r = 0; r < 2; r++) {
        for (int k = 0; k < lists.size(); k++) {
          System.arraycopy(lists.get(k), 0, flat, (r * lists.size() + k) * l, l);
        }
      }
      PointerGenerator g = net.block();
      BatchTensors t = BatchTensors.of(m, batch, 10);
      NDArray logp = g.logProb(net.parameterStore(), g.encode(net.parameterStore(), t, false),
          m.create(flat, new Shape(2, lists.size(), l)), false);
      float[] total = logp.exp().sum(new int[] {1}).toFloatArray();
      assertEquals(60, lists.size());
      assertEquals(1.0, total[0], 1e-4);
      assertEquals(1.0, total[1], 1e-4);
    }
  }

  @Test
  void stepLogitsAgreeWithTeacherForcing() {
    int n = 6;
    int l = 3;
    ModelConfig config = new ModelConfig(30, 16, 2, 1, 2, 32, 0f, 10, l);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 11);
        NDManager m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      BatchTensors t = BatchTensors.of(m, batch(3, n, 30, 5), 10);
      ContextEncoder.Encoded enc = g.encode(net.parameterStore(), t, false);
      long[] list = {4, 0, 2};
      long[] flat = new long[3 * l];
      for (int r = 0; r < 3; r++) {
        System.arraycopy(list, 0, flat, r * l, l);
      }
      float[] forced = g.logProb(net.parameterStore(), enc, m.create(flat, new Shape(3, 1, l)), false).toFloatArray();
      double[] stepwise = new double[3];
      for (int step = 0; step < l; step++) {
        NDArray prefix = step == 0 ? null
            : m.create(java.util.Arrays.copyOf(list, step)).reshape(1, 1, step).broadcast(new Shape(3, 1, step))
                .duplicate();
        float[] lp = g.stepLogits(net.parameterStore(), enc, prefix, 1, false).logSoftmax(-1).toFloatArray();
        for (int r = 0; r < 3; r++) {
          stepwise[r] += lp[r * n + (int) list[step]];
        }
      }
      for (int r = 0; r < 3; r++) {
        assertEquals(stepwise[r], forced[r], 1e-4, "request " + r);
      }
    }
  }

  @Test
  void gradientStepRaisesTheLogProbabilityOfATargetList() {
    int n = 8;
    int l = 3;
    ModelConfig config = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 10, l);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-2f, 0f, 5f, 13)) {
      PointerGenerator g = net.block();
      RequestBatch batch = batch(4, n, 40, 9);
      long[] flat = new long[4 * l];
      for (int r = 0; r < 4; r++) {
        flat[r * l] = 7;
        flat[r * l + 1] = 1;
        flat[r * l + 2] = 3;
      }
      float before = meanLogProb(net, batch, flat, l);
      for (int k = 0; k < 5; k++) {
        net.step(m -> g.logProb(net.parameterStore(), g.encode(net.parameterStore(), BatchTensors.of(m, batch, 10), true),
            m.create(flat, new Shape(4, 1, l)), true).mean().neg());
      }
      float after = meanLogProb(net, batch, flat, l);
      assertTrue(after > before + 0.5, "log-prob " + before + " -> " + after);
    }
  }

  private static float meanLogProb(NetworkTrainer<PointerGenerator> net, RequestBatch batch, long[] flat, int l) {
    try (NDManager m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      return g.logProb(net.parameterStore(), g.encode(net.parameterStore(), BatchTensors.of(m, batch, 10), false),
          m.create(flat, new Shape(batch.size(), 1, l)), false).mean().getFloat();
    }
  }
}
