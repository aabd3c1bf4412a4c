package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request cost limit on {@code rank} (the parser {@code serve} uses), and {@code serve}'s refusals at start. */
class ServeLimitsCliTest {
  private static final ModelConfig CONFIG = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 10, 6);

  @TempDir Path dir;

  @Test
  void rankRefusesARequestOverTheCostLimitNamingTheCostTheLimitAndTheOption() throws Exception {
    Path model = dir.resolve("model");
    List<String> ids = IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
    try (var net = new NetworkTrainer<>(new PointerGenerator(CONFIG), 0f, 0f, 0f, 5)) {
      new Checkpoint("generator", CONFIG, Map.of()).save(model, net.block(), ids);
    }
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"history\": [\"m3\", \"m9\"], "
        + "\"candidates\": [\"m1\", \"m2\", \"m4\", \"m5\", \"m6\", \"m7\", \"m8\", \"m10\"]}"); // cost 8 × 2 = 16
    Object[] over = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(),
        "--max-request-cost", "15", "--engine", "java");
    assertEquals(2, over[0], (String) over[2]);
    assertTrue(((String) over[2]).contains("the request costs 16 (8 candidates × 2 history items read), over the "
        + "limit of 15 per request"), (String) over[2]);
    assertTrue(((String) over[2]).contains("--max-request-cost"), (String) over[2]);
    Object[] within = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(),
        "--max-request-cost", "16", "--engine", "java");
    assertEquals(0, within[0], (String) within[2]);
  }

  @Test
  void serveRefusesSeveralWorkersOnTheDjlEngineBeforeLoadingAnything() {
    Object[] r = CliRunner.run("serve", "--random-model", "tiny", "--port", "0", "--workers", "2");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--workers 2: the djl engine runs one batch at a time"), (String) r[2]);
  }

  @Test
  void serveRefusesANativeMemoryCapItCannotKeep() {
    Object[] reference = CliRunner.run("serve", "--random-model", "tiny", "--port", "0", "--decode", "reference",
        "--max-native-mb", "100");
    assertEquals(2, reference[0], (String) reference[2]);
    assertTrue(((String) reference[2]).contains("--max-native-mb: the native memory estimate covers the fast "
        + "decoder"), (String) reference[2]);
    Object[] zero = CliRunner.run("serve", "--random-model", "tiny", "--port", "0", "--max-native-mb", "0");
    assertEquals(2, zero[0], (String) zero[2]);
    assertTrue(((String) zero[2]).contains("--max-native-mb must be a positive number of MB: 0"), (String) zero[2]);
  }

  @Test
  void serveRefusesANegativeWarmUp() {
    Object[] r = CliRunner.run("serve", "--random-model", "tiny", "--port", "0", "--warmup-ms", "-1");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--warmup-ms must be 0 or more: -1"), (String) r[2]);
  }
}
