package io.goalrank.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `goalrank spark simulate-log`, `prepare`, `compare`, `rank`, `to-parquet` and `rank --table`, and refusals. */
class SparkMainTest {
  @TempDir Path tmp;

  @Test
  void prepareThenRankFromTheCommandLine() throws IOException {
    Path csv = tmp.resolve("log.csv");
    assertEquals(0, SparkMain.execute("simulate-log", "--users", "90", "--items", "80", "--interactions-per-user",
        "10,20", "--seed", "41", "--out", csv.toString()));
    assertTrue(Files.readAllLines(csv).size() > 900, "about 15 interactions per user, and a header");
    Path prepared = tmp.resolve("prepared.bin");
    Path shards = tmp.resolve("shards");
    assertEquals(0, SparkMain.execute("prepare", "--master", "local[2]", "--shuffle-partitions", "2",
        "--dataset", "csv", "--data", csv.toString(), "--threshold", "4", "--core", "5", "--mf-epochs", "1",
        "--out", prepared.toString(), "--shards", shards.toString(), "--records-per-shard", "40"));
    PreparedDataset data = PreparedDataset.read(prepared);
    assertEquals(0, SparkMain.execute("compare", prepared.toString(), prepared.toString()));
    Path reseeded = tmp.resolve("reseeded.bin");
    assertEquals(0, SparkMain.execute("prepare", "--master", "local[2]", "--shuffle-partitions", "2",
        "--dataset", "csv", "--data", csv.toString(), "--threshold", "4", "--core", "5", "--mf-epochs", "1",
        "--seed", "5", "--out", reseeded.toString()));
    assertEquals(1, SparkMain.execute("compare", prepared.toString(), reseeded.toString()), "another seed");
    assertEquals(data.size(), Integer.parseInt(ShardedRequests.open(shards).header().info().get("stats.requests")));

    Path model = tmp.resolve("generator");
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 10, 6);
    try (var net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, 41)) {
      new Checkpoint("generator", config, Map.of()).save(model, net.block(), data.itemIds().rawIds());
    }
    Path ranked = tmp.resolve("ranked");
    assertEquals(0, SparkMain.execute("rank", "--master", "local[2]", "--requests", shards.toString(),
        "--model", model.toString(), "--out", ranked.toString()));
    long lines = 0;
    try (Stream<Path> files = Files.list(ranked)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        lines += Files.readAllLines(f).size();
      }
    }
    assertEquals(data.size(), lines, "one ranked line per request");

    Path table = tmp.resolve("requests.parquet");
    assertEquals(0, SparkMain.execute("to-parquet", "--master", "local[2]", "--requests", shards.toString(),
        "--out", table.toString()));
    Path rankedTable = tmp.resolve("ranked.parquet");
    assertEquals(0, SparkMain.execute("rank", "--master", "local[2]", "--table", table.toString(),
        "--model", model.toString(), "--out", rankedTable.toString()));
    assertTrue(Files.isRegularFile(rankedTable.resolve("_SUCCESS")), "Spark finished the table");
    assertEquals(2, SparkMain.execute("rank", "--requests", shards.toString(), "--table", table.toString(),
        "--model", model.toString(), "--out", tmp.resolve("x").toString()), "not both inputs");
  }

  @Test
  void aDatasetTheSparkJobDoesNotReadIsRefusedWithExitCode2() {
    String message = prepareError("ml-25m", tmp);
    assertTrue(message.contains("goalrank spark prepare: invalid argument: --dataset ml-25m: the Spark prepare "
        + "reads ml-1m, csv, amazon-book and parquet"), message);
    // amazon-book is read now: a folder without its files is bad input naming what is missing
    message = prepareError("amazon-book", tmp);
    assertTrue(message.contains("missing required file train.txt (or train.txt.gz)"), message);
  }

  @Test
  void aShardSizeBelowOneIsRefusedBeforeAnyWork() {
    Path out = tmp.resolve("p.bin");
    String message = prepareError("ml-1m", tmp, "--records-per-shard", "0");
    assertTrue(message.contains("--records-per-shard must be at least 1, got 0"), message);
    assertTrue(!Files.exists(out), "nothing written");
  }

  /** What {@code spark prepare --dataset dataset --data data} prints on standard error; it must exit with 2. */
  private static String prepareError(String dataset, Path data, String... extra) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      String[] args = {"prepare", "--master", "local[2]", "--dataset", dataset, "--data", data.toString(),
          "--out", data.resolve("p.bin").toString()};
      String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
      System.arraycopy(extra, 0, all, args.length, extra.length);
      code = SparkMain.execute(all);
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    return message;
  }
}
