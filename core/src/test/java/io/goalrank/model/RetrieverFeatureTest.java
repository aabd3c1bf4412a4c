package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.core.RequestBatch;
import io.goalrank.policy.GeneratorPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional stage-1 score feature: standardised per request, read by the networks, saved with the config. */
class RetrieverFeatureTest {

  private static RequestBatch withScores(RequestBatch b, float[][] scores) {
    return new RequestBatch(b.requestIds(), b.users(), b.history(), b.historyPositive(), b.candidates(), null, scores);
  }

  private static float[][] scores(int b, int n, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    float[][] s = new float[b][n];
    for (float[] row : s) {
      for (int k = 0; k < n; k++) {
        row[k] = (float) (10 + 5 * rnd.nextGaussian());
      }
    }
    return s;
  }

  @Test
  void scoresAreZScoredWithinEachRequestAndBadRowsAreNamed() {
    float[] z = BatchTensors.standardised(new float[][] {{1, 2, 3}, {10, 10, 10}}, 3);
    assertArrayEquals(new float[] {-1.2247f, 0f, 1.2247f, 0f, 0f, 0f}, z, 1e-3f);
    var e = assertThrows(IllegalArgumentException.class, () -> BatchTensors.standardised(new float[][] {{1, 2}}, 3));
    assertTrue(e.getMessage().contains("request 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BatchTensors.standardised(new float[][] {{1, 2, 3}, {1, Float.NaN, 3}}, 3));
    assertTrue(e.getMessage().contains("request 1"), e.getMessage());
  }

  @Test
  void aGeneratorThatReadsScoresDependsOnThemRefusesBatchesWithoutAndSurvivesACheckpoint(@TempDir Path dir)
      throws Exception {
    ModelConfig config = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 10, 3).withRetrieverScores(true);
    RequestBatch plain = PointerGeneratorTest.batch(6, 10, 40, 5);
    RequestBatch scored = withScores(plain, scores(6, 10, 1));
    RequestBatch rescored = withScores(plain, scores(6, 10, 2));
    int[][] lists;
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 3)) {
      GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
      float[][] a = policy.rank(scored, 3).scores();
      float[][] b = policy.rank(rescored, 3).scores();
      assertFalse(java.util.Arrays.deepEquals(a, b), "other retriever scores, same candidates: the output must move");
      var e = assertThrows(IllegalArgumentException.class, () -> policy.rank(plain, 3));
      assertTrue(e.getMessage().contains("retrieverScores"), e.getMessage());
      lists = policy.rank(scored, 3).lists();
      new Checkpoint("generator", config, Map.of()).save(dir, net.block());
    }
    assertTrue(Checkpoint.read(dir).config().readsRetrieverScores());
    try (NetworkTrainer<PointerGenerator> loaded = Models.loadGenerator(dir)) {
      assertArrayEquals(lists, new GeneratorPolicy("g", loaded, 1f).rank(scored, 3).lists());
    }
  }

  @Test
  void scorersReadTheScoresToo() {
    ModelConfig config = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 10, 3).withRetrieverScores(true);
    RequestBatch plain = PointerGeneratorTest.batch(4, 8, 40, 9);
    for (ScorerBlock block : new ScorerBlock[] {new PointwiseScorer(config), new GruListScorer(config),
        new CandidateScorer(config)}) {
      try (NetworkTrainer<ScorerBlock> net = new NetworkTrainer<>(block, 1e-3f, 0f, 5f, 1);
          ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        float[] a = block.logits(net.parameterStore(), BatchTensors.of(m, withScores(plain, scores(4, 8, 1)), 10),
            false).toFloatArray();
        float[] b = block.logits(net.parameterStore(), BatchTensors.of(m, withScores(plain, scores(4, 8, 2)), 10),
            false).toFloatArray();
        assertFalse(java.util.Arrays.equals(a, b), block.getClass().getSimpleName() + " ignores the scores");
      }
    }
  }

  @Test
  void aConfigSavedBeforeTheFeatureExistedReadsAsNotUsingIt() throws Exception {
    String old = "{\"numItems\":10,\"hidden\":8,\"heads\":2,\"encoderLayers\":1,\"decoderLayers\":1,\"ffn\":16,"
        + "\"dropout\":0.1,\"maxHistory\":5,\"listLength\":3}";
    ModelConfig c = new ObjectMapper().readValue(old, ModelConfig.class);
    assertEquals(new ModelConfig(10, 8, 2, 1, 1, 16, 0.1f, 5, 3), c);
  }

  @Test
  void theServiceRanksWithScoresAndRefusesARequestWithout() throws Exception {
    ModelConfig config = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 10, 3).withRetrieverScores(true);
    try (var ranker = io.goalrank.serve.Ranker.random(config, 4, 20)) {
      var json = new ObjectMapper();
      var query = ranker.parser().parse(json.readTree(
          "{\"candidates\": [\"i1\", \"i2\", \"i3\", \"i4\"], \"retriever_scores\": [0.9, 0.1, 0.5, 0.3]}"));
      var response = ranker.rank(java.util.List.of(query)).get(0);
      assertEquals(3, response.items().size());
      var e = assertThrows(io.goalrank.serve.RequestException.class, () -> ranker.parser().parse(json.readTree(
          "{\"candidates\": [\"i1\", \"i2\", \"i3\", \"i4\"]}")));
      assertEquals("retriever_scores", e.field());
    }
  }
}
