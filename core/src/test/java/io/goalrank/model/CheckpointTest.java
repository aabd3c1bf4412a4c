package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.goalrank.core.RequestBatch;
import io.goalrank.policy.GeneratorPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @Test
  void savedGeneratorLoadsAndRanksIdentically(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(60, 16, 2, 1, 1, 32, 0.1f, 10, 4);
    RequestBatch batch = PointerGeneratorTest.batch(5, 12, 60, 21);
    int[][] before;
    float[][] sampledLogp;
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 3)) {
      // one training step so the weights are not the initial ones
      net.step(m -> net.block().logProb(net.parameterStore(),
          net.block().encode(net.parameterStore(), BatchTensors.of(m, batch, 10), true),
          m.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 2, 4, 6, 1, 3, 5, 7},
              new ai.djl.ndarray.types.Shape(5, 1, 4)), true).mean().neg());
      GeneratorPolicy policy = new GeneratorPolicy("g", net, 1f);
      before = policy.rank(batch, 4).lists();
      sampledLogp = policy.sample(batch, 4, 3, 77).logProbs();
      new Checkpoint("generator", config, Map.of("seed", "3")).save(dir, net.block());
    }
    assertEquals("generator", Checkpoint.read(dir).kind());
    assertEquals(config, Checkpoint.read(dir).config());
    try (NetworkTrainer<PointerGenerator> loaded = Models.loadGenerator(dir)) {
      GeneratorPolicy policy = new GeneratorPolicy("g", loaded, 1f);
      int[][] after = policy.rank(batch, 4).lists();
      for (int r = 0; r < before.length; r++) {
        assertArrayEquals(before[r], after[r], "request " + r);
      }
      float[][] again = policy.sample(batch, 4, 3, 77).logProbs();
      for (int r = 0; r < again.length; r++) {
        assertArrayEquals(sampledLogp[r], again[r], 1e-5f);
      }
    }
    // no temporary files are left behind
    try (var files = Files.list(dir)) {
      assertEquals(0, files.filter(p -> p.toString().endsWith(".tmp")).count());
    }
  }

  @Test
  void loadingWeightsIntoAUsedNetworkChangesWhatItComputes(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 10, 3);
    RequestBatch batch = PointerGeneratorTest.batch(4, 10, 40, 8);
    try (NetworkTrainer<PointerGenerator> a = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 1);
        NetworkTrainer<PointerGenerator> b = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 2)) {
      new Checkpoint("generator", config, Map.of()).save(dir, a.block());
      float[] expected = firstStep(a, batch);
      float[] before = firstStep(b, batch); // b has run a forward pass, so its parameter store has seen its arrays
      b.loadWeights(dir);
      float[] after = firstStep(b, batch);
      org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(expected, before));
      assertArrayEquals(expected, after, 1e-6f, "after loadWeights the network must compute with the loaded weights");
    }
  }

  private static float[] firstStep(NetworkTrainer<PointerGenerator> net, RequestBatch batch) {
    try (var m = net.manager().newSubManager()) {
      PointerGenerator g = net.block();
      return g.stepLogits(net.parameterStore(), g.encode(net.parameterStore(), BatchTensors.of(m, batch, 10), false),
          null, 1, false).toFloatArray();
    }
  }

  @Test
  void loadingTheWrongKindSaysWhatTheDirectoryHolds(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(20, 8, 2, 1, 1, 16, 0f, 5, 3);
    try (var net = new NetworkTrainer<>(new CandidateScorer(config), 1e-3f, 0f, 5f, 1)) {
      new Checkpoint("reward", config, Map.of()).save(dir, net.block());
    }
    var e = assertThrows(java.io.IOException.class, () -> Models.loadGenerator(dir));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'reward'"), e.getMessage());
  }

  @Test
  void weightsFromANetworkWithOtherParametersFailWithAMessageNotAnEof(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(20, 8, 2, 1, 1, 16, 0f, 5, 3);
    try (var net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 1)) {
      new Checkpoint("generator", config, Map.of()).save(dir, net.block());
    }
    // the same file read as a network with one more parameter block at the end (the objective heads)
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      var e = assertThrows(java.io.IOException.class,
          () -> new Checkpoint("generator", config.withRetrieverScores(true), Map.of()).loadBlock(dir, m));
      org.junit.jupiter.api.Assertions.assertNotNull(e.getMessage());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("weights.params"), e.getMessage());
    }
  }

  @Test
  void aTruncatedWeightsFileIsNamedAndCalledTruncatedWhereverItIsLoaded(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(20, 8, 2, 1, 1, 16, 0f, 5, 3);
    try (var net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 1)) {
      new Checkpoint("generator", config, Map.of()).save(dir, net.block());
    }
    Path weights = dir.resolve(Checkpoint.WEIGHTS);
    byte[] whole = Files.readAllBytes(weights);
    for (int size : new int[] {100, whole.length / 2, whole.length - 1}) {
      Files.write(weights, java.util.Arrays.copyOf(whole, size));
      // serving and every trainer load through NetworkTrainer.loadWeights, the rest through Checkpoint.loadBlock
      var e = assertThrows(java.io.IOException.class, () -> Models.loadGenerator(dir));
      assertTruncated(e, weights, size);
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        assertTruncated(assertThrows(java.io.IOException.class, () -> Checkpoint.read(dir).loadBlock(dir, m)),
            weights, size);
      }
    }
  }

  private static void assertTruncated(java.io.IOException e, Path weights, int size) {
    org.junit.jupiter.api.Assertions.assertNotNull(e.getMessage(), "a message, not 'I/O error: null'");
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(weights.toString()), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("is truncated (" + size + " bytes)"),
        e.getMessage());
  }

  @Test
  void weightsOfANetworkOfAnotherShapeAreNotACheckpointOfThisOne(@TempDir Path dir) throws Exception {
    Path wide = dir.resolve("wide");
    Path narrow = dir.resolve("narrow");
    ModelConfig narrowConfig = new ModelConfig(20, 8, 2, 1, 1, 16, 0f, 5, 3);
    ModelConfig wideConfig = new ModelConfig(20, 16, 2, 1, 1, 16, 0f, 5, 3);
    try (var a = new NetworkTrainer<>(new PointerGenerator(wideConfig), 1e-3f, 0f, 5f, 1);
        var b = new NetworkTrainer<>(new PointerGenerator(narrowConfig), 1e-3f, 0f, 5f, 1)) {
      new Checkpoint("generator", wideConfig, Map.of()).save(wide, a.block());
      new Checkpoint("generator", narrowConfig, Map.of()).save(narrow, b.block());
    }
    // the same parameters by name and order, other shapes: DJL alone would load them without a word
    Files.copy(wide.resolve(Checkpoint.WEIGHTS), narrow.resolve(Checkpoint.WEIGHTS),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    var e = assertThrows(java.io.IOException.class, () -> Models.loadGenerator(narrow));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(narrow.resolve(Checkpoint.WEIGHTS)
        .toString()), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a checkpoint of this PointerGenerator "
        + "network"), e.getMessage());
  }
}
