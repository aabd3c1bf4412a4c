package io.goalrank.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.engine.vector.GeneratorWeights;
import io.goalrank.engine.vector.Tensor;
import io.goalrank.engine.vector.UnsupportedModelException;
import io.goalrank.model.CandidateScorer;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.serve.RankQuery;
import io.goalrank.serve.RankResponse;
import io.goalrank.serve.Ranker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine seam: a checkpoint the Java engine cannot run is refused with what it does not support (never served
 * wrongly), {@code info}'s engine lines, and the ranking service giving the same answers on both engines.
 */
class EnginesTest {
  private static final ModelConfig CONFIG = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 5, 4);

  @TempDir Path dir;

  @Test
  void aModelThatIsNotAGeneratorIsRefusedByKind() throws Exception {
    try (var net = new NetworkTrainer<>(new CandidateScorer(CONFIG), 0f, 0f, 0f, 1)) {
      new Checkpoint("reward", CONFIG, Map.of()).save(dir, net.block());
    }
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> Engines.load(dir, EngineKind.JAVA));
    assertTrue(e.getMessage().contains("kind is 'reward'"), e.getMessage());
    assertEquals(List.of("none: a 'reward' model is not a generator, and only generators are served"),
        Engines.describeSupport(Checkpoint.read(dir)));
  }

  @Test
  void aParameterTheJavaEngineDoesNotKnowIsRefusedByName() {
    try (var net = new NetworkTrainer<>(new PointerGenerator(CONFIG), 0f, 0f, 0f, 1)) {
      Map<String, Tensor> params = new LinkedHashMap<>(Engines.parameters(net.block()));
      GeneratorWeights.of(CONFIG, params); // the generator as it is: accepted
      params.put("encoder_categoryProjection_weight", new Tensor(new int[] {16, 1}, new float[16]));
      UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
          () -> GeneratorWeights.of(CONFIG, params));
      assertTrue(e.getMessage().contains("encoder_categoryProjection_weight"), e.getMessage());
      assertTrue(e.getMessage().contains("--engine djl"), e.getMessage());
    }
  }

  @Test
  void aMissingOrMisshapenParameterIsRefusedByName() {
    try (var net = new NetworkTrainer<>(new PointerGenerator(CONFIG), 0f, 0f, 0f, 1)) {
      Map<String, Tensor> params = new LinkedHashMap<>(Engines.parameters(net.block()));
      Map<String, Tensor> missing = new LinkedHashMap<>(params);
      missing.remove("decoder0_crossAttention_key_bias");
      UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
          () -> GeneratorWeights.of(CONFIG, missing));
      assertTrue(e.getMessage().contains("decoder0_crossAttention_key_bias"), e.getMessage());
      // a config that says the model reads retriever scores, with weights that do not
      e = assertThrows(UnsupportedModelException.class,
          () -> GeneratorWeights.of(CONFIG.withRetrieverScores(true), params));
      assertTrue(e.getMessage().contains("encoder_retrieverProjection_weight"), e.getMessage());
      Map<String, Tensor> misshapen = new LinkedHashMap<>(params);
      misshapen.put("start", new Tensor(new int[] {8}, new float[8]));
      e = assertThrows(UnsupportedModelException.class, () -> GeneratorWeights.of(CONFIG, misshapen));
      assertTrue(e.getMessage().contains("'start' has shape [8]"), e.getMessage());
    }
  }

  @Test
  void namesLoseOnlyDjlsChildOrderPrefixes() {
    assertEquals("encoder_layer0_selfAttention_query_weight",
        GeneratorWeights.canonicalName("01encoder_08layer0_02selfAttention_01query_weight"));
    assertEquals("decoder12_ffnIn_bias", GeneratorWeights.canonicalName("13decoder12_06ffnIn_bias"));
    assertEquals("start", GeneratorWeights.canonicalName("start"));
  }

  @Test
  void bothEnginesServeAConditionedGeneratorAlike() throws Exception {
    ModelConfig c = CONFIG.withRetrieverScores(true);
    List<String> ids = IntStream.range(0, c.numItems()).mapToObj(i -> "i" + i).toList();
    try (var net = new NetworkTrainer<>(new PointerGenerator(c, 3), 0f, 0f, 0f, 7)) {
      new Checkpoint("conditioned-generator", c, Map.of("objectives", "relevance,diversity,novelty")).save(dir,
          net.block(), ids);
    }
    assertEquals(List.of("djl: yes", "java: yes"), Engines.describeSupport(Checkpoint.read(dir)));
    ObjectMapper json = new ObjectMapper();
    String[] bodies = {
        "{\"history\": [\"i1\", \"i2\"], \"candidates\": [\"i3\", \"i4\", \"i5\", \"i6\", \"i7\", \"i8\"], "
            + "\"retriever_scores\": [1, 2, 3, 4, 5, 6]}",
        "{\"candidates\": [\"i9\", \"i10\", \"i11\", \"i12\", \"i13\"], \"retriever_scores\": [5, 1, 4, 2, 3], "
            + "\"objective\": {\"relevance\": 1, \"diversity\": 2}}",
        "{\"history\": [\"i20\"], \"history_positive\": [0], \"candidates\": [\"i30\", \"i31\", \"i32\", \"i33\", "
            + "\"i34\", \"i35\", \"i36\"], \"retriever_scores\": [0, 0, 1, 0, 0, 9, 0], \"objective\": "
            + "{\"relevance\": 1, \"novelty\": 1}}"};
    try (Ranker java = Ranker.load(dir, 100, EngineKind.JAVA); Ranker djl = Ranker.load(dir, 100, EngineKind.DJL)) {
      assertEquals("java", java.info().engine());
      assertEquals("djl", djl.info().engine());
      assertEquals(djl.info().parameters(), java.info().parameters());
      List<RankQuery> queries = new java.util.ArrayList<>();
      for (String body : bodies) {
        queries.add(java.parser().parse(json.readTree(body)));
      }
      List<RankResponse> a = java.rank(queries);
      List<RankResponse> b = djl.rank(queries);
      for (int k = 0; k < queries.size(); k++) {
        assertEquals(b.get(k).items(), a.get(k).items(), "request " + k);
        assertArrayEquals(b.get(k).scores(), a.get(k).scores(), 1e-4f, "request " + k);
      }
      // a request without the scores this model reads gets the DJL engine's message
      RankQuery bare = new RankQuery("u", new int[0], new byte[0], new int[] {1, 2, 3, 4, 5}, 0,
          new float[] {1, 0, 0});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> java.rank(List.of(bare)));
      assertTrue(e.getMessage().contains("retrieverScores"), e.getMessage());
    }
  }

  @Test
  void engineNamesParseAndUnknownOnesAreNamed() {
    assertEquals(EngineKind.JAVA, EngineKind.parse(" Java "));
    assertEquals(EngineKind.DJL, EngineKind.parse("djl"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineKind.parse("onnx"));
    assertTrue(e.getMessage().contains("'onnx'"), e.getMessage());
  }
}
