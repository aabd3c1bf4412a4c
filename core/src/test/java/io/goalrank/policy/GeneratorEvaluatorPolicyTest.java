package io.goalrank.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** G-E and multi-G-E selection logic with fake generators and a fake evaluator (no networks). */
class GeneratorEvaluatorPolicyTest {
  static final int N = 10;
  static final int L = 3;

  /** Deterministic "sampler": list k of request b starts at slot (offset + 7·seed + 3k + b) mod N, consecutive. */
  record FakeGenerator(String name, int offset) implements SamplingPolicy {
    static int[] list(int start) {
      int[] l = new int[L];
      for (int t = 0; t < L; t++) {
        l[t] = (start + t) % N;
      }
      return l;
    }

    @Override
    public RankedLists rank(RequestBatch batch, int listLength) {
      int[][] out = new int[batch.size()][];
      for (int b = 0; b < batch.size(); b++) {
        out[b] = list(offset + 5 + b);
      }
      return RankedLists.of(out);
    }

    @Override
    public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
      int[][][] out = new int[batch.size()][perRequest][];
      for (int b = 0; b < batch.size(); b++) {
        for (int k = 0; k < perRequest; k++) {
          out[b][k] = list((int) Math.floorMod(offset + 7 * seed + 3L * k + b, (long) N));
        }
      }
      return new SampledLists(out, null);
    }
  }

  /** Scores a list by a fixed per-request value of its first slot; counts calls. */
  static final class FakeEvaluator implements ListUtility {
    final float[][] value;
    int calls;

    FakeEvaluator(float[][] value) {
      this.value = value;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public float[][] score(RequestBatch batch, int[][][] lists) {
      calls++;
      float[][] out = new float[lists.length][lists[0].length];
      for (int b = 0; b < lists.length; b++) {
        for (int k = 0; k < lists[b].length; k++) {
          out[b][k] = value[b][lists[b][k][0]];
        }
      }
      return out;
    }
  }

  static RequestBatch batch(int b) {
    int[][] cands = new int[b][N];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < N; i++) {
        cands[r][i] = i;
      }
    }
    return new RequestBatch(new int[b], new int[b], new int[b][0], new byte[b][0], cands, null, null);
  }

  static float[][] values(int b, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    float[][] v = new float[b][N];
    for (float[] row : v) {
      for (int i = 0; i < N; i++) {
        row[i] = rnd.nextFloat();
      }
    }
    return v;
  }

  /** Reference argmax (first maximum) over a flat candidate list. */
  static int[] best(List<int[]> proposals, float[] value) {
    int[] best = proposals.get(0);
    for (int[] p : proposals) {
      if (value[p[0]] > value[best[0]]) {
        best = p;
      }
    }
    return best;
  }

  @Test
  void returnsTheEvaluatorsBestSampleScoredInOneCall() {
    RequestBatch batch = batch(6);
    FakeEvaluator eval = new FakeEvaluator(values(6, 1));
    FakeGenerator gen = new FakeGenerator("fake", 2);
    GeneratorEvaluatorPolicy ge = new GeneratorEvaluatorPolicy(gen, eval, 4, false, 11);
    RankedLists out = ge.rank(batch, L);
    assertEquals(1, eval.calls);
    assertNull(out.scores());
    assertEquals("g-e(fake,4)", ge.name());
    int[][][] samples = gen.sample(batch, L, 4, 11).lists();
    for (int b = 0; b < 6; b++) {
      int[] expected = best(List.of(samples[b]), eval.value[b]);
      assertArrayEquals(expected, out.lists()[b], "request " + b);
      for (int[] s : samples[b]) {
        assertTrue(eval.value[b][out.lists()[b][0]] >= eval.value[b][s[0]]);
      }
    }
  }

  @Test
  void tiesGoToTheFirstSampleAndOneSampleIsReturnedAsIs() {
    RequestBatch batch = batch(4);
    FakeGenerator gen = new FakeGenerator("fake", 0);
    FakeEvaluator flat = new FakeEvaluator(new float[4][N]); // every list scores 0
    int[][][] samples = gen.sample(batch, L, 5, 3).lists();
    int[][] tied = new GeneratorEvaluatorPolicy(gen, flat, 5, false, 3).rank(batch, L).lists();
    int[][] single = new GeneratorEvaluatorPolicy(gen, new FakeEvaluator(values(4, 2)), 1, false, 3)
        .rank(batch, L).lists();
    for (int b = 0; b < 4; b++) {
      assertArrayEquals(samples[b][0], tied[b]);
      assertArrayEquals(samples[b][0], single[b]);
    }
  }

  @Test
  void withTheGreedyListTheResultIsNeverWorseThanGreedy() {
    RequestBatch batch = batch(8);
    FakeEvaluator eval = new FakeEvaluator(values(8, 5));
    FakeGenerator gen = new FakeGenerator("fake", 1);
    GeneratorEvaluatorPolicy ge = new GeneratorEvaluatorPolicy(gen, eval, 2, true, 9);
    assertEquals("g-e(fake,2+greedy)", ge.name());
    float[] chosen = eval.scoreOne(batch, ge.rank(batch, L).lists());
    float[] greedy = eval.scoreOne(batch, gen.rank(batch, L).lists());
    for (int b = 0; b < 8; b++) {
      assertTrue(chosen[b] >= greedy[b], "request " + b);
    }
  }

  @Test
  void multiGeneratorPicksTheBestAcrossAllGenerators() {
    RequestBatch batch = batch(7);
    FakeEvaluator eval = new FakeEvaluator(values(7, 8));
    List<FakeGenerator> gens = List.of(new FakeGenerator("a", 0), new FakeGenerator("b", 1),
        new FakeGenerator("c", 5));
    long seed = 4;
    MultiGeneratorEvaluatorPolicy multi = new MultiGeneratorEvaluatorPolicy(gens, eval, 2, true, seed);
    assertEquals("g-3", multi.name());
    assertEquals(3, multi.generators().size());
    int[][] out = multi.rank(batch, L).lists();
    assertEquals(1, eval.calls);
    for (int b = 0; b < 7; b++) {
      List<int[]> all = new ArrayList<>();
      all.add(gens.get(0).rank(batch, L).lists()[b]);
      for (int g = 0; g < 3; g++) {
        all.addAll(List.of(gens.get(g).sample(batch, L, 2, seed + g).lists()[b]));
      }
      assertArrayEquals(best(all, eval.value[b]), out[b], "request " + b);
    }
  }

  @Test
  void temperatureGridCyclesScorersOverAGeometricGrid() {
    Map<String, Function<RequestBatch, float[][]>> scorers = new LinkedHashMap<>();
    scorers.put("dnn", b -> new float[b.size()][N]);
    scorers.put("prm", b -> new float[b.size()][N]);
    List<SamplingPolicy> g = MultiGeneratorEvaluatorPolicy.temperatureGrid(scorers, 5, 0.5f, 2f);
    List<String> names = g.stream().map(RankingPolicy::name).toList();
    assertEquals(List.of("dnn@0.50", "prm@0.50", "dnn@1.00", "prm@1.00", "dnn@2.00"), names);
    assertEquals("g-5", new MultiGeneratorEvaluatorPolicy(g, new FakeEvaluator(new float[1][N]), 1, false, 0).name());
  }
}
