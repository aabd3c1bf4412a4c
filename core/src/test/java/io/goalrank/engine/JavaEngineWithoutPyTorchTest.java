package io.goalrank.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.IdIndex;
import io.goalrank.engine.vector.Kernels;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.serve.RankQuery;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: with {@code --engine java}, loading a checkpoint, ranking, serving it over HTTP, {@code goalrank info} and
 * {@code goalrank rank} never load PyTorch. A JVM of its own ({@link NoPyTorchProbe}) does all five; the signals are
 * its memory map (no {@code libtorch}/{@code libdjl_torch} mapped) and its class-loading log (DJL's
 * {@code ai.djl.engine.Engine} and the PyTorch engine's classes never loaded, so never initialised). Its ranking is
 * checked against the Java engine built from the DJL network in this JVM.
 */
class JavaEngineWithoutPyTorchTest {
  @TempDir Path tmp;

  @Test
  void theJavaEngineServesACheckpointWithoutLoadingPyTorch() throws Exception {
    ModelConfig c = ModelConfig.preset("tiny", 30, 8, 4).withDropout(0f);
    Path dir = tmp.resolve("model");
    List<String> ids = IntStream.range(0, c.numItems()).mapToObj(i -> "i" + i).toList();
    List<String> expected;
    try (var net = new NetworkTrainer<>(new PointerGenerator(c, 0), 0f, 0f, 0f, 18)) {
      new Checkpoint("generator", c, java.util.Map.of()).save(dir, net.block(), ids);
      try (Ranker here = new Ranker(Engines.javaEngine(net, Kernels.scalar(), 1), IdIndex.of(ids), "v", "here",
          RequestLimits.of(100))) {
        expected = here.rank(List.of(new RankQuery("u", new int[] {1, 2, 3}, new byte[] {1, 0, 1},
            new int[] {5, 6, 7, 8, 9, 10, 11, 12}, 0))).get(0).items();
      }
    }
    Path classLog = tmp.resolve("classes.log");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    // no --add-modules jdk.incubator.vector: the probe gets the scalar kernels, as the ranking above
    Process p = new ProcessBuilder(java, "-Dai.djl.offline=true", "-Xlog:class+load=info:file=" + classLog,
        "-cp", System.getProperty("java.class.path"), NoPyTorchProbe.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("list=" + Arrays.toString(expected.toArray())), "same ranking as here: " + expected
        + "\n" + out);
    assertTrue(out.contains("served=200"), "the service answered\n" + out);
    assertTrue(out.contains("info=0 rank=0"), out);
    assertTrue(out.contains("engines:") && out.contains("java: yes"), "info printed the engines\n" + out);
    assertTrue(out.contains("\"items\""), "rank printed a response\n" + out);
    assertTrue(out.contains("torch_mapped=false"), "PyTorch's native library was loaded:\n" + out);
    List<String> djlEngine = Files.readAllLines(classLog).stream()
        .filter(l -> l.contains("ai.djl.engine.Engine ") || l.contains("ai.djl.pytorch.")).toList();
    assertEquals(List.of(), djlEngine, "DJL's engine classes were loaded");
    assertFalse(out.contains("CUDA"), "no GPU probe (it comes with the engine)\n" + out);
  }
}
