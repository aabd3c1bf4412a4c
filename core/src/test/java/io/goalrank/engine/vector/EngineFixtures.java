package io.goalrank.engine.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.engine.Engines;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.core.RequestBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Networks, requests and the parity check shared by the Java engine's parity tests: the Java engine against DJL's
 * fast decoder step by step (logits within {@link #TOLERANCE}), and its greedy lists and step probabilities against
 * both DJL decodings.
 */
final class EngineFixtures {
  static final double TOLERANCE = 1e-4;

  private EngineFixtures() {}

  /**
   * Requests with history lengths from 0 (one padding token) to past {@code maxHistory} (truncated), random
   * feedback, distinct candidates, and (when {@code retriever}) stage-1 scores on a scale and offset of their own,
   * which the z-scoring removes.
   */
  /**
   * The Java engine's weights of {@code net}: for a trained network the checkpoint it saved in {@code dir}, loaded
   * as {@code serve --engine java} loads it; otherwise read from the network's parameters directly.
   */
  static GeneratorWeights weights(NetworkTrainer<PointerGenerator> net, ModelConfig c, boolean trained, Path dir)
      throws Exception {
    if (trained) {
      try (io.goalrank.engine.JavaEngine engine = (io.goalrank.engine.JavaEngine) Engines.load(dir,
          io.goalrank.engine.EngineKind.JAVA)) {
        return engine.generator().weights();
      }
    }
    return GeneratorWeights.of(c, Engines.parameters(net.block()));
  }

  /** The provenance a conditioned generator's checkpoint needs: the names of its {@code k} objectives. */
  static Map<String, String> objectives(int k) {
    return k == 0 ? Map.of() : Map.of("objectives", String.join(",",
        java.util.stream.IntStream.range(0, k).mapToObj(i -> "objective" + i).toList()));
  }

  static RequestBatch requests(int b, int n, int numItems, int maxHistory, boolean retriever, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] hist = new int[b][];
    byte[][] pos = new byte[b][];
    int[][] cands = new int[b][];
    float[][] scores = retriever ? new float[b][n] : null;
    for (int r = 0; r < b; r++) {
      int h = r % 4 == 0 ? 0 : rnd.nextInt(maxHistory + 6);
      hist[r] = rnd.ints(h, 0, numItems).toArray();
      pos[r] = new byte[h];
      for (int k = 0; k < h; k++) {
        pos[r][k] = (byte) rnd.nextInt(2);
      }
      cands[r] = rnd.ints(0, numItems).distinct().limit(n).toArray();
      if (retriever) {
        double scale = 0.1 + 10 * rnd.nextDouble();
        double offset = 50 * rnd.nextGaussian();
        for (int c = 0; c < n; c++) {
          scores[r][c] = (float) (offset + scale * rnd.nextGaussian());
        }
      }
    }
    int[] ids = java.util.stream.IntStream.range(0, b).toArray();
    return new RequestBatch(ids, new int[b], hist, pos, cands, null, scores);
  }

  /** Objective weights that differ between requests (as FastDecodingParityTest's). */
  static float[][] objectiveWeights(int b, int k) {
    if (k == 0) {
      return null;
    }
    float[][] w = new float[b][k];
    for (int r = 0; r < b; r++) {
      w[r][0] = 1f;
      w[r][1 + r % (k - 1)] = 0.5f * (r % 3) + 0.25f;
    }
    return w;
  }

  /**
   * A generator with random weights, or trained for {@code steps} optimiser steps on random lists (weights away
   * from their initialisation), saved as a checkpoint in {@code dir} and loaded back, as a user has it.
   */
  static NetworkTrainer<PointerGenerator> network(ModelConfig c, int objectives, int steps, Path dir, long seed)
      throws Exception {
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(c, objectives), 3e-3f, 0f, 5f,
        seed);
    if (steps == 0) {
      return net;
    }
    int b = 8;
    int g = 4;
    int n = 12;
    RequestBatch batch = requests(b, n, c.numItems(), c.maxHistory(), c.readsRetrieverScores(), seed + 1);
    long[] lists = io.goalrank.bench.Bench.randomLists(b, g, c.listLength(), n, seed + 2);
    float[][] w = objectiveWeights(b, objectives);
    for (int step = 0; step < steps; step++) {
      net.step(m -> {
        PointerGenerator gen = net.block();
        ContextEncoder.Encoded enc = encode(net, m, batch, w);
        return gen.logProb(net.parameterStore(), enc, m.create(lists, new Shape(b, g, c.listLength())), true)
            .mean().neg();
      });
    }
    new Checkpoint(objectives > 0 ? "conditioned-generator" : "generator", c, objectives(objectives)).save(dir,
        net.block(),
        java.util.stream.IntStream.range(0, c.numItems()).mapToObj(i -> "i" + i).toList());
    net.close();
    NetworkTrainer<PointerGenerator> loaded = new NetworkTrainer<>(new PointerGenerator(c, objectives), 0f, 0f, 0f,
        1);
    loaded.loadWeights(dir);
    return loaded;
  }

  static ContextEncoder.Encoded encode(NetworkTrainer<PointerGenerator> net, NDManager m, RequestBatch batch,
      float[][] w) {
    PointerGenerator g = net.block();
    ContextEncoder.Encoded enc = g.encode(net.parameterStore(), BatchTensors.of(m, batch, g.config().maxHistory()),
        false, Decoding.FAST);
    return w == null ? enc : g.condition(net.parameterStore(), enc, BatchTensors.matrix(m, w), false);
  }

  /**
   * Decodes {@code batch} on the Java engine ({@code weights}, {@code kernels}) and checks it against DJL: every
   * step's logits against the fast decoder fed the same picks, within {@link #TOLERANCE} (blocked candidates
   * blocked in both), and the greedy lists (exactly) and step probabilities against both DJL decodings; then the
   * threaded batch path against the per-request one.
   *
   * @return the largest logit difference seen
   */
  static double assertParity(NetworkTrainer<PointerGenerator> net, GeneratorWeights weights, Kernels kernels,
      RequestBatch batch, float[][] w) {
    ModelConfig c = net.block().config();
    int b = batch.size();
    int n = batch.numCandidates();
    int l = c.listLength();
    GreedyDecoder decoder = new GreedyDecoder(weights, kernels);
    int[][] lists = new int[b][l];
    float[][] probs = new float[b][l];
    float[][] logits = new float[b][l * n];
    // in the groups the serving path decodes in lockstep (the last one shorter when b is not a multiple)
    for (int r = 0; r < b; r += GreedyDecoder.MAX_GROUP) {
      decoder.decode(batch, w, r, Math.min(GreedyDecoder.MAX_GROUP, b - r), lists, probs, logits);
    }
    double worst = 0;
    try (NDManager m = net.manager().newSubManager()) {
      PointerGenerator.Decoder djl = net.block().decoder(net.parameterStore(), encode(net, m, batch, w), 1);
      int[] picks = null;
      for (int t = 0; t < l; t++) {
        float[] expected = djl.next(picks).toFloatArray();
        for (int r = 0; r < b; r++) {
          for (int k = 0; k < n; k++) {
            float want = expected[r * n + k];
            float got = logits[r][t * n + k];
            String where = "request " + r + " step " + t + " candidate " + k;
            if (want < -1e8f) {
              assertTrue(got < -1e8f, where + ": blocked by DJL only");
            } else {
              assertEquals(want, got, TOLERANCE, where);
              worst = Math.max(worst, Math.abs(want - got));
            }
          }
        }
        picks = new int[b];
        for (int r = 0; r < b; r++) {
          picks[r] = lists[r][t];
        }
      }
    }
    GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
    if (w != null) {
      policy = policy.withObjectiveWeights(w);
    }
    for (Decoding mode : List.of(Decoding.FAST, Decoding.REFERENCE)) {
      GeneratorPolicy.GreedyLists djl = policy.withDecoding(mode).greedy(batch, l);
      for (int r = 0; r < b; r++) {
        assertArrayEquals(djl.lists()[r], lists[r], mode + " greedy list of request " + r);
        assertArrayEquals(djl.stepProbabilities()[r], probs[r], (float) TOLERANCE, mode + " probabilities " + r);
      }
    }
    // each request alone gets the same answer: a group shares weight loads, not arithmetic (bit for bit on the
    // scalar kernels; the vector kernels' exp and lane sums can round an ulp apart once the JIT compiles them)
    for (int r = 0; r < Math.min(b, 3); r++) {
      int[] list = new int[l];
      float[] p = new float[l];
      float[] alone = new float[l * n];
      float[] scores = batch.retrieverScores() == null ? null : batch.retrieverScores()[r];
      decoder.decode(r, batch.history()[r], batch.historyPositive()[r], batch.candidates()[r], scores,
          w == null ? null : w[r], list, p, alone);
      assertArrayEquals(lists[r], list, "request " + r + " alone");
      assertArrayEquals(logits[r], alone, kernels == Kernels.scalar() ? 0f : 1e-5f, "request " + r
          + " alone: logits");
    }
    // the serving path (requests spread over two threads) on the first few requests: the same answers
    int some = Math.min(b, 5);
    try (VectorGenerator threaded = new VectorGenerator(weights, kernels, 2)) {
      GeneratorPolicy.GreedyLists all = threaded.greedy(head(batch, some), w == null ? null : java.util.Arrays.copyOf(w,
          some));
      for (int r = 0; r < some; r++) {
        assertArrayEquals(lists[r], all.lists()[r], "threaded list of request " + r);
        // not bit for bit: a vector operation's result can change by an ulp once the JIT intrinsifies it (the
        // Vector API's Java fallback and the compiled code round exp and sums differently)
        assertArrayEquals(probs[r], all.stepProbabilities()[r], 1e-6f, "threaded probabilities " + r);
      }
    }
    return worst;
  }

  /** The first {@code k} requests, retriever scores included. */
  static RequestBatch head(RequestBatch b, int k) {
    return new RequestBatch(java.util.Arrays.copyOf(b.requestIds(), k), java.util.Arrays.copyOf(b.users(), k),
        java.util.Arrays.copyOf(b.history(), k), java.util.Arrays.copyOf(b.historyPositive(), k),
        java.util.Arrays.copyOf(b.candidates(), k), null,
        b.retrieverScores() == null ? null : java.util.Arrays.copyOf(b.retrieverScores(), k));
  }

  /** The kernels a test case names: {@code scalar}, or {@code best} (vector where the JVM has the module). */
  static Kernels kernels(String name) {
    return switch (name) {
      case "scalar" -> Kernels.scalar();
      case "best" -> Kernels.best();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
