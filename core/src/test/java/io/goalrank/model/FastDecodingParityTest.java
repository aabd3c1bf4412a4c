package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.policy.GeneratorPolicy;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the fast decoder (key/value cache, candidate keys once, shared start, distinct lists only) to the uncached
 * reference: the same step logits (1e-5), the same greedy lists, the same sampled lists for a seed, the same
 * teacher-forced log-probabilities and gradients, on random and trained weights, at batch 1 and 32, with and
 * without objective conditioning and retriever scores.
 */
class FastDecodingParityTest {
  private static final int N = 20;
  private static final int ITEMS = 60;
  private static final int L = 5;

  @TempDir Path dir;

  static ModelConfig config(boolean retriever) {
    return new ModelConfig(ITEMS, 32, 2, 1, 2, 64, 0f, 10, L).withRetrieverScores(retriever);
  }

  static RequestBatch requests(int b, boolean retriever, long seed) {
    RequestBatch base = PointerGeneratorTest.batch(b, N, ITEMS, seed);
    if (!retriever) {
      return base;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] scores = new float[b][N];
    for (float[] row : scores) {
      for (int c = 0; c < N; c++) {
        row[c] = (float) rnd.nextGaussian();
      }
    }
    return new RequestBatch(base.requestIds(), base.users(), base.history(), base.historyPositive(),
        base.candidates(), null, scores);
  }

  /** A generator with random weights, or trained for a few steps (weights away from their initialisation). */
  private NetworkTrainer<PointerGenerator> network(boolean retriever, int objectives, boolean trained)
      throws Exception {
    ModelConfig c = config(retriever);
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(c, objectives), 3e-3f, 0f, 5f,
        17);
    if (trained) {
      RequestBatch batch = requests(8, retriever, 99);
      long[] lists = randomLists(8, 4, L, N, 5);
      for (int step = 0; step < 15; step++) {
        net.step(m -> {
          PointerGenerator g = net.block();
          ContextEncoder.Encoded enc = encode(net, m, batch, objectives);
          return g.logProb(net.parameterStore(), enc, m.create(lists, new Shape(8, 4, L)), true, Decoding.REFERENCE)
              .mean().neg();
        });
      }
      // a trained checkpoint as a user has it: saved and loaded back
      new Checkpoint(objectives > 0 ? "conditioned-generator" : "generator", c, java.util.Map.of()).save(dir,
          net.block());
      NetworkTrainer<PointerGenerator> loaded = new NetworkTrainer<>(new PointerGenerator(c, objectives), 0f, 0f, 0f,
          1);
      loaded.loadWeights(dir);
      net.close();
      return loaded;
    }
    return net;
  }

  private static ContextEncoder.Encoded encode(NetworkTrainer<PointerGenerator> net, NDManager m, RequestBatch batch,
      int objectives) {
    PointerGenerator g = net.block();
    ContextEncoder.Encoded enc = g.encode(net.parameterStore(), BatchTensors.of(m, batch, 10), false);
    if (objectives > 0) {
      float[][] w = new float[batch.size()][objectives];
      for (int r = 0; r < w.length; r++) {
        w[r][0] = 1f;
        w[r][1 + r % (objectives - 1)] = 0.5f * (r % 3);
      }
      enc = g.condition(net.parameterStore(), enc, BatchTensors.matrix(m, w), false);
    }
    return enc;
  }

  static long[] randomLists(int b, int g, int l, int n, long seed) {
    return io.goalrank.bench.Bench.randomLists(b, g, l, n, seed);
  }

  @ParameterizedTest(name = "batch {0}, trained {1}, objectives {2}, retriever {3}")
  @CsvSource({"1,false,0,false", "32,false,0,false", "1,true,0,false", "32,true,0,false", "1,true,3,false",
      "32,true,3,true", "32,false,0,true", "32,false,3,false"})
  void cachedStepsGiveTheReferenceLogitsAndGreedyLists(int b, boolean trained, int objectives, boolean retriever)
      throws Exception {
    try (NetworkTrainer<PointerGenerator> net = network(retriever, objectives, trained);
        NDManager m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      RequestBatch batch = requests(b, retriever, 1000 + b);
      ContextEncoder.Encoded enc = encode(net, m, batch, objectives);
      // follow the fast decoder's greedy picks, and ask the reference for the same prefixes
      PointerGenerator.Decoder decoder = g.decoder(net.parameterStore(), enc, 1);
      int[] picks = null;
      long[] prefix = new long[0];
      for (int t = 0; t < L; t++) {
        float[] fast = decoder.next(picks).toFloatArray();
        float[] reference = g.stepLogits(net.parameterStore(), enc, t == 0 ? null : m.create(prefix,
            new Shape(b, 1, t)), 1, false).toFloatArray();
        assertEquals(reference.length, fast.length);
        for (int i = 0; i < fast.length; i++) {
          if (reference[i] < -1e8f) {
            assertTrue(fast[i] < -1e8f, "step " + t + " entry " + i + " blocked in the reference only");
          } else {
            assertEquals(reference[i], fast[i], 1e-5 * Math.max(1, Math.abs(reference[i])), "step " + t + " " + i);
          }
        }
        picks = new int[b];
        long[] next = new long[b * (t + 1)];
        for (int r = 0; r < b; r++) {
          int best = 0;
          for (int c = 1; c < N; c++) {
            if (fast[r * N + c] > fast[r * N + best]) {
              best = c;
            }
          }
          picks[r] = best;
          System.arraycopy(prefix, r * t, next, r * (t + 1), t);
          next[r * (t + 1) + t] = best;
        }
        prefix = next;
      }
      GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
      if (objectives > 0) {
        policy = policy.withObjective("g", new float[] {1f, 0.3f, 0f});
      }
      int[][] fastLists = policy.withDecoding(Decoding.FAST).rank(batch, L).lists();
      int[][] referenceLists = policy.withDecoding(Decoding.REFERENCE).rank(batch, L).lists();
      for (int r = 0; r < b; r++) {
        assertArrayEquals(referenceLists[r], fastLists[r], "greedy list of request " + r);
      }
      var fastGreedy = policy.withDecoding(Decoding.FAST).greedy(batch, L);
      var referenceGreedy = policy.withDecoding(Decoding.REFERENCE).greedy(batch, L);
      for (int r = 0; r < b; r++) {
        assertArrayEquals(referenceGreedy.stepProbabilities()[r], fastGreedy.stepProbabilities()[r], 1e-5f);
      }
    }
  }

  @ParameterizedTest(name = "batch {0}, retriever {1}")
  @CsvSource({"1,false", "32,true"})
  void rowEncoderGivesTheReferenceEncoding(int b, boolean retriever) throws Exception {
    try (NetworkTrainer<PointerGenerator> net = network(retriever, 0, true);
        NDManager m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      BatchTensors t = BatchTensors.of(m, requests(b, retriever, 3), 10);
      ContextEncoder.Encoded reference = g.encode(net.parameterStore(), t, false, Decoding.REFERENCE);
      ContextEncoder.Encoded fast = g.encode(net.parameterStore(), t, false, Decoding.FAST);
      assertEquals(reference.candidates().getShape(), fast.candidates().getShape());
      assertArrayEquals(reference.candidates().toFloatArray(), fast.candidates().toFloatArray(), 1e-5f);
      assertArrayEquals(reference.user().toFloatArray(), fast.user().toFloatArray(), 0f);
    }
  }

  @ParameterizedTest(name = "trained {0}, objectives {1}, temperature {2}")
  @CsvSource({"false,0,1.0", "true,0,0.7", "true,3,1.0"})
  void samplesMatchTheReferenceForASeed(boolean trained, int objectives, float temperature) throws Exception {
    try (NetworkTrainer<PointerGenerator> net = network(false, objectives, trained)) {
      RequestBatch batch = requests(6, false, 5);
      GeneratorPolicy policy = new GeneratorPolicy("g", net, temperature);
      if (objectives > 0) {
        policy = policy.withObjective("g", new float[] {1f, 0f, 0.4f});
      }
      SampledLists fast = policy.withDecoding(Decoding.FAST).sample(batch, L, 7, 123);
      SampledLists reference = policy.withDecoding(Decoding.REFERENCE).sample(batch, L, 7, 123);
      int differing = 0;
      for (int r = 0; r < batch.size(); r++) {
        for (int s = 0; s < 7; s++) {
          if (!java.util.Arrays.equals(reference.lists()[r][s], fast.lists()[r][s])) {
            differing++;
          } else {
            assertEquals(reference.logProbs()[r][s], fast.logProbs()[r][s], 1e-4);
          }
        }
      }
      // a Gumbel draw within float rounding of a tie could flip one pick; none did with these seeds
      assertEquals(0, differing, "sampled lists that differ from the reference");
    }
  }

  @ParameterizedTest(name = "batch {0}, objectives {1}, retriever {2}, duplicates {3}")
  @CsvSource({"1,0,false,false", "32,0,false,true", "32,3,true,true", "5,3,false,false"})
  void teacherForcingGivesTheReferenceLogProbabilitiesAndGradients(int b, int objectives, boolean retriever,
      boolean duplicates) throws Exception {
    int g = 9;
    long[] lists = randomLists(b, g, L, N, 31);
    if (duplicates) {
      // repeat lists within a group, as heuristics and peaked samples do
      for (int r = 0; r < b; r++) {
        for (int k = 0; k < g; k += 3) {
          System.arraycopy(lists, (r * g) * L, lists, (r * g + k) * L, L);
        }
      }
    }
    try (NetworkTrainer<PointerGenerator> net = network(retriever, objectives, true)) {
      RequestBatch batch = requests(b, retriever, 77);
      float[][] values = new float[2][];
      float[][] grads = new float[2][];
      for (Decoding mode : Decoding.values()) {
        try (NDManager m = net.manager().newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          ContextEncoder.Encoded enc = encode(net, m, batch, objectives);
          NDArray logp = net.block().logProb(net.parameterStore(), enc, m.create(lists, new Shape(b, g, L)), true,
              mode);
          values[mode.ordinal()] = logp.toFloatArray();
          collector.backward(logp.mul(m.arange(b * g).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
              .reshape(b, g).div(b * g)).sum());
        }
        StringBuilder names = new StringBuilder();
        java.util.List<Float> flat = new java.util.ArrayList<>();
        for (var p : net.block().getParameters()) {
          try (NDArray grad = p.getValue().getArray().getGradient()) {
            for (float x : grad.toFloatArray()) {
              flat.add(x);
            }
            grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
          }
          names.append(p.getKey());
        }
        grads[mode.ordinal()] = new float[flat.size()];
        for (int i = 0; i < flat.size(); i++) {
          grads[mode.ordinal()][i] = flat.get(i);
        }
      }
      assertArrayEquals(values[Decoding.REFERENCE.ordinal()], values[Decoding.FAST.ordinal()], 1e-4f);
      float[] reference = grads[Decoding.REFERENCE.ordinal()];
      float[] fast = grads[Decoding.FAST.ordinal()];
      double scale = 0;
      for (float x : reference) {
        scale = Math.max(scale, Math.abs(x));
      }
      assertTrue(scale > 0, "the reference has gradients");
      for (int i = 0; i < reference.length; i++) {
        assertEquals(reference[i], fast[i], 1e-4 * scale, "gradient entry " + i);
      }
    }
  }

  @Test
  void stepLogProbsSumToTheListLogProbability() throws Exception {
    try (NetworkTrainer<PointerGenerator> net = network(false, 0, true);
        NDManager m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      RequestBatch batch = requests(6, false, 77);
      ContextEncoder.Encoded enc = encode(net, m, batch, 0);
      NDArray lists = m.create(randomLists(6, 3, L, N, 8), new Shape(6, 3, L));
      float[] steps = g.stepLogProbs(net.parameterStore(), enc, lists, false).toFloatArray(); // [6,3,L]
      float[] whole = g.logProb(net.parameterStore(), enc, lists, false, Decoding.FAST).toFloatArray();
      for (int k = 0; k < whole.length; k++) {
        float sum = 0;
        for (int t = 0; t < L; t++) {
          assertTrue(steps[k * L + t] <= 0, "a step's log-probability is at most 0");
          sum += steps[k * L + t];
        }
        assertEquals(whole[k], sum, 1e-4 * Math.max(1, Math.abs(whole[k])), "list " + k);
      }
    }
  }
}
