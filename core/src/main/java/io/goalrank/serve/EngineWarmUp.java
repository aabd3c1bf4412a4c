package io.goalrank.serve;

import io.goalrank.core.RequestBatch;
import io.goalrank.engine.RankingEngine;
import io.goalrank.model.ModelConfig;
import io.goalrank.objective.Objectives;
import java.util.SplittableRandom;

/**
 * Synthetic batches through the engine before the service takes traffic. The Java engine's kernels run on the Vector
 * API, which is many times slower until the JIT has compiled them: without this the first clients wait for the
 * compiler, and a short load test measures the compiler's CPU time as much as the model's. Batches of one request and
 * of several alternate, so both the one-row and the register-tiled paths are compiled.
 */
public final class EngineWarmUp {
  /** What a warm-up did: engine calls, requests decoded and the seconds it took. */
  public record Report(int calls, int requests, double seconds) {}

  private EngineWarmUp() {}

  /**
   * Decodes synthetic requests (random items, history and, when the model reads them, retriever scores; relevance
   * weights for a conditioned model) until {@code millis} have passed, at least one batch of each size; none when
   * {@code millis} is 0.
   *
   * @param batch the larger batch size (the service's {@code --max-batch}, at most 16)
   */
  public static Report run(RankingEngine engine, int batch, long millis) {
    ModelConfig c = engine.config();
    int candidates = Math.min(50, c.numItems());
    if (candidates < c.listLength() || millis <= 0) {
      return new Report(0, 0, 0); // nothing to warm, or a catalogue too small for one list
    }
    int big = Math.max(2, Math.min(16, batch));
    SplittableRandom rnd = new SplittableRandom(17);
    RequestBatch one = requests(1, candidates, c, rnd);
    RequestBatch many = requests(big, candidates, c, rnd);
    long start = System.nanoTime();
    int calls = 0;
    int decoded = 0;
    while (calls < 2 || System.nanoTime() - start < millis * 1_000_000L) {
      RequestBatch b = calls % 2 == 0 ? one : many;
      engine.greedy(b, engine.objectives() == 0 ? null : relevance(b.size()));
      calls++;
      decoded += b.size();
    }
    return new Report(calls, decoded, (System.nanoTime() - start) / 1e9);
  }

  private static RequestBatch requests(int size, int candidates, ModelConfig c, SplittableRandom rnd) {
    int[][] history = new int[size][];
    byte[][] positive = new byte[size][];
    int[][] items = new int[size][];
    float[][] scores = c.readsRetrieverScores() ? new float[size][candidates] : null;
    for (int r = 0; r < size; r++) {
      int h = 1 + rnd.nextInt(Math.max(1, c.maxHistory()));
      history[r] = rnd.ints(h, 0, c.numItems()).toArray();
      positive[r] = new byte[h];
      for (int k = 0; k < h; k++) {
        positive[r][k] = (byte) rnd.nextInt(2);
      }
      items[r] = rnd.ints(0, c.numItems()).distinct().limit(candidates).toArray();
      if (scores != null) {
        for (int k = 0; k < candidates; k++) {
          scores[r][k] = (float) rnd.nextGaussian();
        }
      }
    }
    return new RequestBatch(new int[size], new int[size], history, positive, items, null, scores);
  }

  private static float[][] relevance(int size) {
    float[][] w = new float[size][];
    for (int r = 0; r < size; r++) {
      w[r] = Objectives.relevanceOnly();
    }
    return w;
  }
}
