package io.goalrank.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.train.ReferencePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objectives, their weights, the weighted group reference and the conditioned generator's plumbing. */
class ObjectivesTest {

  private static RequestBatch batch() {
    // one request, candidates = items 0..5 in slot order
    return new RequestBatch(new int[] {0}, new int[] {0}, new int[][] {{7}}, new byte[][] {{1}},
        new int[][] {{0, 1, 2, 3, 4, 5, 6, 7}}, null, null);
  }

  @Test
  void categoryCoverageCountsDistinctCategoriesPerListItem() {
    ItemCatalog catalog = new ItemCatalog(List.of("a", "b", "c", "d", "e", "f", "g", "h"),
        List.of(new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1, 2}, new int[] {}, new int[] {3},
            new int[] {0}, new int[] {0}),
        List.of("g0", "g1", "g2", "g3"));
    float[][] d = new CategoryDiversity(catalog).score(batch(), new int[][][] {{{0, 1, 6}, {0, 2, 3}, {4, 5, 3}}});
    assertEquals(1f / 3, d[0][0], 1e-6); // {0}
    assertEquals(3f / 3, d[0][1], 1e-6); // {0, 1, 2}
    assertEquals(3f / 3, d[0][2], 1e-6); // {} ∪ {3} ∪ {1, 2}
    var none = assertThrows(IllegalArgumentException.class, () -> new CategoryDiversity(ItemCatalog.empty()));
    assertTrue(none.getMessage().contains("categories"), none.getMessage());
  }

  @Test
  void noveltyIsHigherForLessPopularItems() {
    int[] counts = {100, 50, 10, 1, 0, 0, 0, 0};
    float[][] v = new Novelty(counts).score(batch(), new int[][][] {{{0, 1}, {3, 4}}});
    assertTrue(v[0][1] > v[0][0] + 0.3, java.util.Arrays.toString(v[0]));
    // hand-computed: total = 161 + 8 = 169; item 0: −log2(101/169)/log2(8)
    assertEquals((-Math.log(101.0 / 169) / Math.log(2) / 3 - Math.log(51.0 / 169) / Math.log(2) / 3) / 2, v[0][0],
        1e-5);
  }

  @Test
  void weightsParseWithClearErrors() {
    assertArrayEquals(new float[] {1f, 0.3f, 0f}, Objectives.parseWeights("relevance=1, diversity=0.3"));
    var unknown = assertThrows(IllegalArgumentException.class, () -> Objectives.parseWeights("clicks=1"));
    assertTrue(unknown.getMessage().contains("unknown objective 'clicks'"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Objectives.parseWeights("relevance=-1"));
    assertThrows(IllegalArgumentException.class, () -> Objectives.parseWeights("relevance=0"));
    assertThrows(IllegalArgumentException.class, () -> Objectives.parseWeights("relevance"));
    assertThrows(IllegalArgumentException.class, () -> Objectives.checked(new float[] {1f, 0f}));
  }

  @Test
  void weightedReferenceTradesGroupNormalisedObjectives() {
    try (NDManager m = NDManager.newBaseManager()) {
      // two objectives over 3 lists: relevance 1,2,3 (z = −1,0,1) and diversity 30,20,10 (z = 1,0,−1)
      NDArray objectives = m.create(new float[] {1, 30, 2, 20, 3, 10}, new Shape(1, 3, 2));
      NDArray mask = m.ones(new Shape(1, 3));
      float scale = 1 / (1 + ReferencePolicy.EPSILON);
      float[] relevanceOnly = ReferencePolicy.weighted(objectives, m.create(new float[] {1, 0}, new Shape(1, 2)),
          mask).toFloatArray();
      assertArrayEquals(new float[] {-scale, 0, scale}, relevanceOnly, 1e-5f);
      // w = (1, 2): −1 + 2 = 1, 0, 1 − 2 = −1 — the diversity-weighted reference prefers the first list
      float[] mixed = ReferencePolicy.weighted(objectives, m.create(new float[] {1, 2}, new Shape(1, 2)), mask)
          .toFloatArray();
      assertArrayEquals(new float[] {scale, 0, -scale}, mixed, 1e-5f);
      float[] reference = ReferencePolicy.of(m.create(mixed, new Shape(1, 3)), mask).toFloatArray();
      assertTrue(reference[0] > reference[1] && reference[1] > reference[2]);
    }
  }

  @Test
  void theConditionedGeneratorReadsItsWeightsAndRefusesToDecodeWithout() {
    ModelConfig config = new ModelConfig(20, 16, 2, 1, 1, 32, 0f, 5, 3);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config, 3), 1e-3f, 0f,
        5f, 1); NDManager m = net.manager().newSubManager()) {
      RequestBatch batch = batch();
      PointerGenerator g = net.block();
      var enc = g.encode(net.parameterStore(), BatchTensors.of(m, batch, 5), false);
      NDArray lists = m.create(new long[] {0, 1, 2, 5, 4, 3}, new Shape(1, 2, 3));
      float[] a = g.logProb(net.parameterStore(), g.condition(net.parameterStore(), enc,
          m.create(new float[] {1, 0, 0}, new Shape(1, 3)), false), lists, false).toFloatArray();
      float[] b = g.logProb(net.parameterStore(), g.condition(net.parameterStore(), enc,
          m.create(new float[] {1, 2, 0}, new Shape(1, 3)), false), lists, false).toFloatArray();
      assertTrue(Math.abs(a[0] - b[0]) > 1e-4 || Math.abs(a[1] - b[1]) > 1e-4, "weights do not reach the decoder");
      GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
      assertThrows(IllegalStateException.class, () -> policy.rank(batch, 3));
      int[][] first = policy.withObjective("g", new float[] {1, 0, 1}).rank(batch, 3).lists();
      assertArrayEquals(first, policy.withObjective("g", new float[] {1, 0, 1}).rank(batch, 3).lists());
      assertThrows(IllegalArgumentException.class,
          () -> g.condition(net.parameterStore(), enc, m.create(new float[] {1, 0}, new Shape(1, 2)), false));
    }
  }

  @Test
  void theServiceRanksEachQueryForItsOwnObjectiveWeights() throws Exception {
    ModelConfig config = new ModelConfig(12, 16, 2, 1, 1, 32, 0f, 5, 3);
    var net = new NetworkTrainer<>(new PointerGenerator(config, 3), 0f, 0f, 0f, 3);
    List<String> ids = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "i" + i).toList();
    try (io.goalrank.serve.Ranker ranker = new io.goalrank.serve.Ranker(net, io.goalrank.data.IdIndex.of(ids), "v",
        "test", 20)) {
      assertEquals("conditioned-generator", ranker.info().kind());
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      String cands = "\"candidates\": [\"i0\", \"i1\", \"i2\", \"i3\", \"i4\", \"i5\", \"i6\", \"i7\"]";
      var plain = ranker.parser().parse(json.readTree("{" + cands + "}"));
      var novel = ranker.parser().parse(json.readTree("{" + cands + ", \"objective\": \"relevance=1,novelty=3\"}"));
      var answers = ranker.rank(List.of(plain, novel));
      var batch = io.goalrank.serve.RankQuery.batch(List.of(plain));
      GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
      for (int k = 0; k < 2; k++) {
        float[] w = k == 0 ? Objectives.relevanceOnly() : Objectives.parseWeights("relevance=1,novelty=3");
        int[] slots = policy.withObjective("g", w).rank(batch, 3).lists()[0];
        List<String> expected = java.util.Arrays.stream(slots).mapToObj(c -> "i" + c).toList();
        assertEquals(expected, answers.get(k).items(), "query " + k + " was not ranked for its own weights");
      }
    }
  }
}
