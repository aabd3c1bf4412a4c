package io.goalrank.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.engine.vector.Tensor;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java reader of DJL's parameter files against DJL's own: every parameter, bit for bit. */
class DjlParamsTest {
  @TempDir Path tmp;

  @Test
  void readsEveryParameterAsDjlHoldsItForEveryGeneratorOption() throws Exception {
    ModelConfig plain = ModelConfig.preset("tiny", 40, 8, 4).withDropout(0f);
    for (int objectives : new int[] {0, 3}) {
      for (ModelConfig c : List.of(plain, plain.withRetrieverScores(true))) {
        Path dir = Files.createTempDirectory(tmp, "gen");
        try (var net = new NetworkTrainer<>(new PointerGenerator(c, objectives), 0f, 0f, 0f, 7 + objectives)) {
          save(dir, c, objectives, net);
          Map<String, Tensor> djl = Engines.parameters(net.block());
          Map<String, Tensor> read = DjlParams.read(dir.resolve(Checkpoint.WEIGHTS),
              Checkpoint.read(dir).newBlock());
          assertEquals(djl.keySet(), read.keySet(), "the same names, in the same order");
          assertEquals(List.copyOf(djl.keySet()), List.copyOf(read.keySet()));
          for (var e : djl.entrySet()) {
            Tensor t = read.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            assertArrayEquals(e.getValue().values(), t.values(), e.getKey()); // exact: the same floats
          }
        }
      }
    }
  }

  @Test
  void truncatedPaddedAndForeignFilesAreRefusedWithAMessage() throws Exception {
    ModelConfig c = ModelConfig.preset("tiny", 40, 8, 4).withDropout(0f);
    Path dir = tmp.resolve("gen");
    try (var net = new NetworkTrainer<>(new PointerGenerator(c, 0), 0f, 0f, 0f, 3)) {
      save(dir, c, 0, net);
    }
    Path weights = dir.resolve(Checkpoint.WEIGHTS);
    byte[] whole = Files.readAllBytes(weights);
    var block = Checkpoint.read(dir).newBlock();
    for (int cut : new int[] {0, 100, whole.length / 2, whole.length - 1}) {
      Files.write(weights, Arrays.copyOf(whole, cut));
      IOException e = assertThrows(IOException.class, () -> DjlParams.read(weights, block));
      assertTrue(e.getMessage().contains("is truncated (" + cut + " bytes)"), e.getMessage());
    }
    Files.write(weights, Arrays.copyOf(whole, whole.length + 3));
    IOException padded = assertThrows(IOException.class, () -> DjlParams.read(weights, block));
    assertTrue(padded.getMessage().contains("more data after the last parameter"), padded.getMessage());
    // a generator of another shape: its file does not line up with this network's parameters
    ModelConfig other = ModelConfig.preset("tiny", 40, 8, 4).withDropout(0f).withRetrieverScores(true);
    Path otherDir = tmp.resolve("other");
    try (var net = new NetworkTrainer<>(new PointerGenerator(other, 0), 0f, 0f, 0f, 3)) {
      save(otherDir, other, 0, net);
    }
    IOException foreign = assertThrows(IOException.class,
        () -> DjlParams.read(otherDir.resolve(Checkpoint.WEIGHTS), block));
    assertTrue(foreign.getMessage().contains("--engine djl"), foreign.getMessage());
  }

  private static void save(Path dir, ModelConfig c, int objectives, NetworkTrainer<PointerGenerator> net)
      throws IOException {
    Map<String, String> prov = objectives == 0 ? Map.of() : Map.of("objectives", String.join(",",
        IntStream.range(0, objectives).mapToObj(i -> "o" + i).toList()));
    new Checkpoint(objectives > 0 ? "conditioned-generator" : "generator", c, prov).save(dir, net.block(),
        IntStream.range(0, c.numItems()).mapToObj(i -> "i" + i).toList());
  }
}
