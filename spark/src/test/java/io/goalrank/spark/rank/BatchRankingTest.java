package io.goalrank.spark.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goalrank.cli.Main;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.serve.RankResponse;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.spark.SparkTestSession;
import io.goalrank.workflow.Workflow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark batch ranking of a sharded set equals `goalrank rank` list by list. */
class BatchRankingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static PreparedDataset data;
  private static Path shards;
  private static Path model;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    data = Workflow.simulate(
        SimulatorConfig.builder().users(80).items(60).interactionsPerUser(15, 25).seed(21).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(5).optSeed(21).build(),
        new MfRetriever.Options(8, 1, 1024, 1e-2f, 1e-5f, 21));
    shards = tmp.resolve("requests");
    PreparedShards.write(data, null, shards, 30);
    // an untrained generator over the dataset's items, saved as every trainer saves one
    model = tmp.resolve("generator");
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 10, 6);
    try (var net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, 21)) {
      new Checkpoint("generator", config, Map.of()).save(model, net.block(), data.itemIds().rawIds());
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Map<Long, JsonNode> rankOnSpark(Path out, int batchSize) throws IOException {
    long n = new BatchRanking(spark).rank(shards, out,
        new BatchRanking.Settings(model, EngineKind.DJL, 1000, batchSize));
    assertEquals(data.size(), n);
    assertTrue(Files.isRegularFile(out.resolve(BatchRanking.DONE)));
    Map<Long, JsonNode> byId = new HashMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode node = JSON.readTree(line);
          byId.put(node.get("id").asLong(), node);
        }
      }
    }
    assertEquals(data.size(), byId.size(), "one line per request");
    return byId;
  }

  @Test
  void everyListEqualsGoalrankRank() throws IOException {
    Map<Long, JsonNode> spread = rankOnSpark(tmp.resolve("ranked-1"), 1);
    // DJL's engine is not thread-safe: each of local[2]'s two running tasks ranks on its own copy, never more
    int copies = RankerPerJvm.loaded(model.toAbsolutePath().toString(), EngineKind.DJL, 1000);
    assertTrue(copies >= 1 && copies <= 2, "copies of the generator loaded: " + copies);
    var header = ShardedRequests.open(shards).header();
    try (Ranker ranker = Ranker.load(model, RequestLimits.of(1000), EngineSettings.of(EngineKind.DJL))) {
      for (int r = 0; r < data.size(); r++) {
        ObjectNode request = BatchRanking.requestJson(JSON, PreparedShards.record(data, null, r), header.userIds(),
            header.itemIds());
        // what `goalrank rank` does with this request: parse, rank it alone, print
        RankResponse alone = ranker.rank(List.of(ranker.parser().parse(request))).get(0);
        ObjectNode expected = JSON.createObjectNode().put("id", (long) r);
        expected.setAll((ObjectNode) JSON.valueToTree(alone));
        // compared as printed JSON (a tree made from the record holds floats, one read back doubles)
        assertEquals(JSON.readTree(JSON.writeValueAsString(expected)), spread.get((long) r), "request " + r);
      }
    }
  }

  @Test
  void theCommandLinePrintsTheSameLists() throws IOException {
    Map<Long, JsonNode> spread = rankOnSpark(tmp.resolve("ranked-cli"), 1);
    var header = ShardedRequests.open(shards).header();
    for (int r : new int[] {0, data.size() / 2, data.size() - 1}) {
      Path request = tmp.resolve("request-" + r + ".json");
      Files.writeString(request, JSON.writeValueAsString(BatchRanking.requestJson(JSON,
          PreparedShards.record(data, null, r), header.userIds(), header.itemIds())));
      ObjectNode printed = (ObjectNode) JSON.readTree(goalrank("rank", "--model", model.toString(), "--request",
          request.toString()));
      ObjectNode onSpark = spread.get((long) r).deepCopy();
      onSpark.remove("id");
      assertEquals(printed, onSpark, "request " + r);
    }
  }

  @Test
  void batchedDecodingKeepsTheLists() throws IOException {
    Map<Long, JsonNode> one = rankOnSpark(tmp.resolve("ranked-b1"), 1);
    Map<Long, JsonNode> batched = rankOnSpark(tmp.resolve("ranked-b16"), 16);
    for (long r = 0; r < data.size(); r++) {
      assertEquals(one.get(r).get("items"), batched.get(r).get("items"), "request " + r);
      JsonNode a = one.get(r).get("scores");
      JsonNode b = batched.get(r).get("scores");
      for (int k = 0; k < a.size(); k++) {
        assertEquals(a.get(k).asDouble(), b.get(k).asDouble(), 1e-5, "request " + r + " position " + k);
      }
    }
  }

  @Test
  void aParquetTableOfRequestsRanksLikeGoalrankRank() throws IOException {
    Path table = tmp.resolve("requests.parquet");
    assertEquals(data.size(), ParquetRequests.export(spark, shards, table));
    Path out = tmp.resolve("ranked.parquet");
    assertEquals(data.size(), new BatchRanking(spark).rankTable(table, out,
        new BatchRanking.Settings(model, EngineKind.DJL, 1000, 1)));
    var header = ShardedRequests.open(shards).header();
    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
    assertEquals(data.size(), rows.size());
    try (Ranker ranker = Ranker.load(model, RequestLimits.of(1000), EngineSettings.of(EngineKind.DJL))) {
      for (Row row : rows) {
        int r = (int) row.getLong(row.fieldIndex("id"));
        RankResponse alone = ranker.rank(List.of(ranker.parser().parse(BatchRanking.requestJson(JSON,
            PreparedShards.record(data, null, r), header.userIds(), header.itemIds())))).get(0);
        assertEquals(alone.items(), row.getList(row.fieldIndex("items")), "request " + r);
        List<Float> scores = row.getList(row.fieldIndex("scores"));
        for (int k = 0; k < alone.scores().length; k++) {
          assertEquals(alone.scores()[k], scores.get(k), "request " + r + " position " + k);
        }
        assertEquals(alone.user(), row.getString(row.fieldIndex("user")));
      }
    }
  }

  /** Runs the CLI in this JVM and returns what it printed. */
  private static String goalrank(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute(args), "exit code");
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
