package io.goalrank.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.serve.RankQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DjlMemory} against what DJL's fast greedy decode actually holds: the bytes of every array in the batch's
 * sub-manager just before it closes (the decode frees nothing earlier, so that sum is its peak).
 */
class DjlMemoryTest {
  private static final double MAX_OVER = 1.25;

  @Test
  void estimateBoundsTheArraysOfAFastDecodeFromAbove() {
    long seed = 18_16L;
    SplittableRandom rng = new SplittableRandom(seed);
    // shapes the fit never saw: other hidden sizes, head counts, depths and list lengths, objectives, retriever
    ModelConfig[] configs = {
        new ModelConfig(300, 48, 3, 2, 1, 96, 0f, 20, 5),
        new ModelConfig(300, 80, 4, 1, 3, 160, 0f, 30, 7),
        ModelConfig.preset("small", 300, 50, 6).withDropout(0f).withRetrieverScores(true),
        new ModelConfig(300, 64, 2, 2, 2, 128, 0f, 40, 4)};
    int[] objectives = {0, 0, 0, 3};
    for (int i = 0; i < configs.length; i++) {
      ModelConfig c = configs[i];
      DjlMemory estimate = new DjlMemory(c, objectives[i], 0);
      try (var net = new NetworkTrainer<>(new PointerGenerator(c, objectives[i]), 0f, 0f, 0f, seed)) {
        for (int trial = 0; trial < 3; trial++) {
          int b = 1 + rng.nextInt(6);
          int n = c.listLength() + rng.nextInt(80);
          int h = rng.nextInt(c.maxHistory() + 1);
          long measured = measure(net, objectives[i], b, n, h, rng);
          long est = estimate.batchBytes(b, n, Math.max(1, h));
          String what = c + " objectives " + objectives[i] + " b=" + b + " n=" + n + " h=" + h + " (seed " + seed
              + "): estimate " + est + " B, measured " + measured + " B";
          assertTrue(est >= measured, "under: " + what);
          assertTrue(est <= MAX_OVER * measured, "more than " + MAX_OVER + "x over: " + what);
        }
      }
    }
  }

  @Test
  void modelBytesCountParametersAndDerivedWeights() {
    ModelConfig c = ModelConfig.preset("small", 300, 50, 6);
    DjlMemory m = new DjlMemory(c, 0, 1000);
    long d = c.hidden();
    assertEquals(4 * (1000 + c.decoderLayers() * (4 * d * d + 4 * d) + d * d + d + c.listLength() * d),
        m.modelBytes());
    assertEquals(0, NativeMemory.NONE.batchBytes(32, 1000, 50));
  }

  /** The bytes of every array one fast greedy decode of a random batch creates, as GeneratorPolicy runs it. */
  private static long measure(NetworkTrainer<PointerGenerator> net, int objectives, int b, int n, int h,
      SplittableRandom rng) {
    ModelConfig c = net.block().config();
    List<RankQuery> qs = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      int[] hist = rng.ints(h, 0, c.numItems()).toArray();
      int[] cand = rng.ints(0, c.numItems()).distinct().limit(n).toArray();
      float[] retriever = c.readsRetrieverScores() ? new float[n] : null;
      if (retriever != null) {
        for (int j = 0; j < n; j++) {
          retriever[j] = (float) rng.nextGaussian();
        }
      }
      qs.add(new RankQuery("u", hist, new byte[h], cand, 0, null, retriever));
    }
    var batch = RankQuery.batch(qs);
    PointerGenerator g = net.block();
    try (NDManager m = net.manager().newSubManager()) {
      ContextEncoder.Encoded enc = g.encode(net.parameterStore(), BatchTensors.of(m, batch, c.maxHistory()), false,
          Decoding.FAST);
      if (objectives > 0) {
        float[][] w = new float[b][objectives];
        for (float[] row : w) {
          row[0] = 1f;
        }
        enc = g.condition(net.parameterStore(), enc, BatchTensors.matrix(m, w), false);
      }
      var decoder = g.decoder(net.parameterStore(), enc, 1, net.weightsVersion(), net.manager());
      int[] picks = null;
      for (int t = 0; t < c.listLength(); t++) {
        decoder.next(picks);
        picks = new int[b];
        java.util.Arrays.fill(picks, t);
      }
      return ((BaseNDManager) m).getManagedArrays().stream()
          .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }
  }
}
