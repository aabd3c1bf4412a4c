package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  @Test
  void helpListsEverySubcommand() {
    Object[] r = run("--help");
    assertEquals(0, r[0]);
    for (String cmd : List.of("demo", "data", "simulate", "prepare", "train-reward", "train", "evaluate", "rank",
        "serve", "loadtest", "bench", "info")) {
      assertTrue(((String) r[1]).contains(cmd), cmd + " missing from --help");
    }
  }

  @Test
  void helpOfACommandWithGroupsListsEveryRegisteredGroupSource() {
    for (String command : List.of("train", "demo")) {
      Object[] r = run(command, "--help");
      assertEquals(0, r[0]);
      String help = (String) r[1];
      assertTrue(help.contains("Group sources"), help);
      for (String source : io.goalrank.group.GroupSources.names()) {
        assertTrue(help.contains("  " + source + " "), source + " missing from " + command + " --help");
      }
    }
  }

  @Test
  void badInputStopsWithFileAndLineAndWritesNothing(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("log.csv");
    Files.writeString(csv, "u1,i1,5,100\nu1,i2,five,101\n");
    Path out = dir.resolve("prepared.bin");
    Object[] r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--out", out.toString(), "--quiet");
    assertEquals(2, r[0]);
    String err = (String) r[2];
    assertTrue(err.contains("log.csv:2"), err);
    assertTrue(err.contains("bad input"), err);
    assertFalse(Files.exists(out), "no output may be written on bad input");
  }

  @Test
  void badObjectiveTrainingFlagsAreNamedBeforeAnyWork(@TempDir Path dir) {
    Path out = dir.resolve("o");
    Object[] r = run("experiment", "objectives", "--quick", "--weight-draws", "0", "--out", out.toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--weight-draws must be at least 1"), (String) r[2]);
    r = run("experiment", "objectives", "--quick", "--max-other-weight", "-1", "--out", out.toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--max-other-weight must be positive"), (String) r[2]);
    assertFalse(Files.exists(out.resolve("objectives.csv")), "no result may be written on bad input");
  }

  @Test
  void runningOutOfHeapNamesTheCapAndBothWaysOut() {
    String message = Main.outOfHeap(128L << 20);
    assertTrue(message.contains("cap is 128 MB"), message);
    assertTrue(message.contains("GOALRANK_JAVA_OPTS=-Xmx") && message.contains("--shards"), message);
  }

  @Test
  void loadtestRefusesANegativeWarmUpBeforeContactingTheServer() {
    // the URL is never contacted: the counts are checked first (port 9 would refuse the connection anyway)
    Object[] r = run("loadtest", "--url", "http://127.0.0.1:9", "--warmup", "-1");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--warmup must be >= 0, got -1"), (String) r[2]);
    r = run("loadtest", "--url", "http://127.0.0.1:9", "--clients", "0");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--clients and --requests must be >= 1"), (String) r[2]);
  }

  @Test
  void loadtestPrintsTheServersOwnTimingOfTheSameAnswers() {
    io.goalrank.util.Progress.setEnabled(false);
    try (io.goalrank.serve.Ranker ranker = io.goalrank.serve.Ranker.random(
            new io.goalrank.model.ModelConfig(60, 16, 2, 1, 1, 32, 0f, 10, 6), 11, 100);
        io.goalrank.serve.RankServer server = io.goalrank.serve.RankServer.start(ranker,
            io.goalrank.serve.ServerConfig.builder().port(0).build())) {
      Object[] r = run("loadtest", "--url", server.url(), "--clients", "4", "--requests", "40", "--warmup", "8",
          "--candidates", "20", "--quiet");
      String out = (String) r[1];
      assertEquals(0, r[0], out + r[2]);
      assertTrue(out.contains("ok 40, errors 0"), out);
      // the last 40 answers are the measured ones, not the warm-up's
      assertTrue(out.contains("in-service latency ms (the server's own timing of the last 40 answers): p50 "), out);
      assertTrue(out.contains("  of which, p50 / p99 ms: queued ") && out.contains(" batch ")
          && out.contains(" answer "), out);
    }
  }

  @Test
  void unknownDatasetNamesTheValidOnes(@TempDir Path dir) {
    Object[] r = run("prepare", "--dataset", "netflix", "--data", dir.toString(), "--out", dir.resolve("p").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("ml-1m"), (String) r[2]);
  }

  @Test
  void rankUsesTheServiceParserAndOutput(@TempDir Path dir) throws Exception {
    var config = new io.goalrank.model.ModelConfig(30, 16, 2, 1, 1, 32, 0f, 10, 6);
    List<String> ids = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
    Path model = dir.resolve("model");
    try (var net = new io.goalrank.model.NetworkTrainer<>(new io.goalrank.model.PointerGenerator(config), 0f, 0f, 0f,
        5)) {
      new io.goalrank.model.Checkpoint("generator", config, java.util.Map.of()).save(model, net.block());
    }
    io.goalrank.model.Models.saveItems(model, ids);
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"user\": \"u1\", \"history\": [\"m3\", \"new\"], "
        + "\"candidates\": [\"m1\", \"m2\", \"m4\", \"m5\", \"m6\", \"m7\", \"m8\"]}");
    Object[] r = run("rank", "--model", model.toString(), "--request", request.toString());
    assertEquals(0, r[0], (String) r[2]);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var out = json.readTree((String) r[1]);
    try (var ranker = io.goalrank.serve.Ranker.load(model, 1000)) {
      var direct = ranker.rank(List.of(ranker.parser().parse(json.readTree(request.toFile())))).get(0);
      assertEquals(direct.items(), json.convertValue(out.get("items"), List.class));
      assertEquals(direct.model(), out.get("model").asText());
    }
    assertEquals(1, out.get("history_unknown").asInt());
    Files.writeString(request, "{\"candidates\": [\"m1\", \"m2\", \"m4\", \"m5\", \"m6\", \"zz\"]}");
    r = run("rank", "--model", model.toString(), "--request", request.toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("field 'candidates[5]': unknown item id 'zz'"), (String) r[2]);
  }
}
