package io.goalrank.spark.rank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goalrank.data.IdIndex;
import io.goalrank.data.shard.RequestRecord;
import io.goalrank.data.shard.ShardFile;
import io.goalrank.data.shard.ShardHeader;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.engine.EngineKind;
import io.goalrank.serve.RankQuery;
import io.goalrank.serve.RankResponse;
import io.goalrank.serve.Ranker;
import io.goalrank.util.TempFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch ranking on Spark: a trained generator ranks every request of a sharded set (docs/SHARDS.md), one Spark task
 * per shard, and writes one {@code ranked-NNNNN.jsonl} per shard: per request a JSON line with its {@code id} and
 * exactly what {@code goalrank rank} prints for it ({@code user}, {@code items}, {@code scores}, {@code model},
 * {@code history_used}, {@code history_unknown}).
 *
 * <p>Each record becomes the JSON request {@code goalrank rank} reads (raw ids from the set's header) and goes
 * through the same parser and {@link Ranker}, so the lists are {@code goalrank rank}'s by construction
 * ({@code BatchRankingTest} checks it list by list). The generator is loaded once per executor JVM, or once per
 * concurrently running task for an engine that is not thread-safe ({@link RankerPerJvm}); shards must be on a file
 * system every executor sees.
 */
public final class BatchRanking {
  /** What a finished output folder holds besides the ranked shards. */
  public static final String DONE = "_SUCCESS";

  /**
   * @param model the generator directory (as {@code goalrank rank --model})
   * @param engine djl or java (as {@code --engine})
   * @param maxCandidates as {@code --max-candidates}
   * @param batchSize requests decoded together; 1 decodes each alone, exactly as {@code goalrank rank} does
   */
  public record Settings(Path model, EngineKind engine, int maxCandidates, int batchSize) implements Serializable {
    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
    }
  }

  private final SparkSession spark;

  public BatchRanking(SparkSession spark) {
    this.spark = spark;
  }

  /** Ranks every request of {@code requests} into {@code out}; returns how many were ranked. */
  public long rank(Path requests, Path out, Settings settings) throws IOException {
    ShardedRequests set = ShardedRequests.open(requests);
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve(DONE));
    // a rerun into the same folder must not leave the lists of shards the set no longer has
    try (var old = Files.newDirectoryStream(out, "ranked-*.jsonl")) {
      for (Path f : old) {
        Files.delete(f);
      }
    }
    List<String> shards = set.shards().stream().map(p -> p.toAbsolutePath().toString()).toList();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long ranked = jsc.parallelize(shards, shards.size())
        .map(new RankShard(set.dir().toAbsolutePath().toString(), out.toAbsolutePath().toString(),
            settings.model().toAbsolutePath().toString(), settings.engine(), settings.maxCandidates(),
            settings.batchSize()))
        .reduce(Long::sum);
    Files.writeString(out.resolve(DONE), ranked + " requests from " + requests + "\n");
    return ranked;
  }

  /** What {@link #rankTable} writes: one row per request. */
  public static final StructType RANKED = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("user", DataTypes.StringType, false)
      .add("items", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("scores", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("model", DataTypes.StringType, false)
      .add("history_used", DataTypes.IntegerType, false)
      .add("history_unknown", DataTypes.IntegerType, false);

  /**
   * Ranks a Parquet table of requests ({@link ParquetRequests#SCHEMA}) partition by partition and writes the
   * {@link #RANKED} table at {@code out}; returns how many were ranked.
   */
  public long rankTable(Path table, Path out, Settings settings) {
    Dataset<Row> requests = spark.read().parquet(table.toString());
    JavaRDD<Row> ranked = requests.toJavaRDD().mapPartitions(new RankRows(
        settings.model().toAbsolutePath().toString(), settings.engine(), settings.maxCandidates(),
        settings.batchSize()));
    spark.createDataFrame(ranked, RANKED).write().mode(SaveMode.ErrorIfExists).parquet(out.toString());
    return spark.read().parquet(out.toString()).count();
  }

  /** The {@code goalrank rank} request of a {@link ParquetRequests} row. */
  static ObjectNode requestJson(ObjectMapper json, Row row) {
    ObjectNode node = json.createObjectNode();
    node.put("user", row.getString(row.fieldIndex("user")));
    ArrayNode history = node.putArray("history");
    row.<String>getList(row.fieldIndex("history")).forEach(history::add);
    ArrayNode positive = node.putArray("history_positive");
    row.<Integer>getList(row.fieldIndex("history_positive")).forEach(positive::add);
    ArrayNode candidates = node.putArray("candidates");
    row.<String>getList(row.fieldIndex("candidates")).forEach(candidates::add);
    int scores = row.fieldIndex("retriever_scores");
    if (!row.isNullAt(scores)) {
      ArrayNode s = node.putArray("retriever_scores");
      row.<Float>getList(scores).forEach(s::add);
    }
    return node;
  }

  /** Ranks the rows of one partition, a batch at a time. */
  private record RankRows(String model, EngineKind engine, int maxCandidates, int batchSize)
      implements FlatMapFunction<Iterator<Row>, Row>, Serializable {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      try (RankerPerJvm.Lease lease = RankerPerJvm.borrow(model, engine, maxCandidates)) {
        return rank(lease.ranker(), rows); // every row is ranked before the lease ends (the output is a list)
      }
    }

    private Iterator<Row> rank(Ranker ranker, Iterator<Row> rows) {
      ObjectMapper json = new ObjectMapper();
      List<Row> out = new ArrayList<>();
      List<Long> ids = new ArrayList<>(batchSize);
      List<RankQuery> queries = new ArrayList<>(batchSize);
      while (rows.hasNext() || !queries.isEmpty()) {
        if (rows.hasNext() && queries.size() < batchSize) {
          Row row = rows.next();
          ids.add(row.getLong(row.fieldIndex("id")));
          queries.add(ranker.parser().parse(requestJson(json, row)));
          continue;
        }
        List<RankResponse> responses = ranker.rank(queries); // the task's lent generator
        for (int k = 0; k < responses.size(); k++) {
          RankResponse r = responses.get(k);
          out.add(RowFactory.create(ids.get(k), r.user(), r.items().toArray(String[]::new), r.scores(), r.model(),
              r.historyUsed(), r.historyUnknown()));
        }
        ids.clear();
        queries.clear();
      }
      return out.iterator();
    }
  }

  /** The output file of input shard {@code shard}. */
  static String outputName(Path shard) {
    return shard.getFileName().toString().replace("requests-", "ranked-").replace(".grs", ".jsonl");
  }

  /** The {@code goalrank rank} request of {@code r}: raw ids, its history feedback and the stage-1 scores. */
  static ObjectNode requestJson(ObjectMapper json, RequestRecord r, IdIndex users, IdIndex items) {
    ObjectNode node = json.createObjectNode();
    node.put("user", users.rawId(r.user()));
    ArrayNode history = node.putArray("history");
    for (int i : r.history()) {
      history.add(items.rawId(i));
    }
    ArrayNode positive = node.putArray("history_positive");
    for (byte p : r.historyPositive()) {
      positive.add(p);
    }
    ArrayNode candidates = node.putArray("candidates");
    for (int i : r.candidates()) {
      candidates.add(items.rawId(i));
    }
    ArrayNode scores = node.putArray("retriever_scores");
    for (float s : r.stageScores()) {
      scores.add(s);
    }
    return node;
  }

  /** Ranks one shard into its output file, batch by batch (one batch of records in memory). */
  private record RankShard(String setDir, String outDir, String model, EngineKind engine, int maxCandidates,
      int batchSize) implements Function<String, Long>, Serializable {
    private static final Map<String, ShardHeader> HEADERS = new ConcurrentHashMap<>();

    @Override
    public Long call(String shard) throws IOException {
      ShardHeader header = HEADERS.computeIfAbsent(setDir, d -> {
        try {
          return ShardedRequests.open(Path.of(d)).header();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      try (RankerPerJvm.Lease lease = RankerPerJvm.borrow(model, engine, maxCandidates)) {
        return rank(lease.ranker(), header, shard);
      }
    }

    private long rank(Ranker ranker, ShardHeader header, String shard) throws IOException {
      ObjectMapper json = new ObjectMapper();
      Path target = Path.of(outDir).resolve(outputName(Path.of(shard)));
      Path tmp = TempFiles.sibling(target);
      long count = 0;
      try (ShardFile.Reader in = ShardFile.reader(Path.of(shard));
          BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        List<Long> ids = new ArrayList<>(batchSize);
        List<RankQuery> queries = new ArrayList<>(batchSize);
        while (in.hasNext() || !queries.isEmpty()) {
          if (in.hasNext() && queries.size() < batchSize) {
            RequestRecord r = in.next();
            ids.add(r.id());
            queries.add(ranker.parser().parse(requestJson(json, r, header.userIds(), header.itemIds())));
            continue;
          }
          List<RankResponse> responses = ranker.rank(queries); // the task's lent generator
          for (int k = 0; k < responses.size(); k++) {
            ObjectNode line = json.createObjectNode();
            line.put("id", ids.get(k));
            line.setAll((ObjectNode) json.valueToTree(responses.get(k)));
            w.write(json.writeValueAsString(line));
            w.newLine();
          }
          count += responses.size();
          ids.clear();
          queries.clear();
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return count;
    }
  }
}
