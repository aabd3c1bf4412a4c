package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.model.CandidateScorer;
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

/** {@code --engine java|djl} on {@code rank}, and the engine lines of {@code info}. */
class EngineCliTest {
  private static final ModelConfig CONFIG = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 10, 6);

  @TempDir Path dir;

  @Test
  void rankGivesTheSameListOnBothEnginesAndInfoSaysBothRunIt() throws Exception {
    Path model = dir.resolve("model");
    List<String> ids = IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
    try (var net = new NetworkTrainer<>(new PointerGenerator(CONFIG), 0f, 0f, 0f, 5)) {
      new Checkpoint("generator", CONFIG, Map.of()).save(model, net.block(), ids);
    }
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"user\": \"u1\", \"history\": [\"m3\", \"m9\"], "
        + "\"candidates\": [\"m1\", \"m2\", \"m4\", \"m5\", \"m6\", \"m7\", \"m8\", \"m10\"]}");
    ObjectMapper json = new ObjectMapper();
    Object[] java = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(), "--engine",
        "java");
    Object[] djl = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(), "--engine",
        "djl");
    assertEquals(0, java[0], (String) java[2]);
    assertEquals(0, djl[0], (String) djl[2]);
    assertEquals(json.readTree((String) djl[1]).get("items"), json.readTree((String) java[1]).get("items"));
    assertEquals(6, json.readTree((String) java[1]).get("items").size());

    Object[] info = CliRunner.run("info", model.toString());
    assertEquals(0, info[0], (String) info[2]);
    assertTrue(((String) info[1]).contains("engines:\n  djl: yes\n  java: yes"), (String) info[1]);

    Object[] bad = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(), "--engine",
        "onnx");
    assertEquals(2, bad[0]);
    assertTrue(((String) bad[2]).contains("--engine must be java or djl, got 'onnx'"), (String) bad[2]);
  }

  @Test
  void theJavaEngineRefusesAModelItCannotRunAndSaysWhy() throws Exception {
    Path model = dir.resolve("reward");
    try (var net = new NetworkTrainer<>(new CandidateScorer(CONFIG), 0f, 0f, 0f, 5)) {
      new Checkpoint("reward", CONFIG, Map.of()).save(model, net.block());
    }
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"candidates\": [\"m1\", \"m2\", \"m4\", \"m5\", \"m6\", \"m7\"]}");
    Object[] r = CliRunner.run("rank", "--model", model.toString(), "--request", request.toString(), "--engine",
        "java");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("the Java engine cannot serve this model: its kind is 'reward'"),
        (String) r[2]);
    Object[] info = CliRunner.run("info", model.toString());
    assertTrue(((String) info[1]).contains("engines:\n  none: a 'reward' model is not a generator"), (String) info[1]);
  }
}
