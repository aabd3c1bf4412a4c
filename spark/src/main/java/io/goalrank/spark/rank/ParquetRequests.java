package io.goalrank.spark.rank;

import io.goalrank.data.IdIndex;
import io.goalrank.data.shard.RequestRecord;
import io.goalrank.data.shard.ShardFile;
import io.goalrank.data.shard.ShardHeader;
import io.goalrank.data.shard.ShardedRequests;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A table of ranking requests in Parquet, with raw ids: one row per request, the fields of {@code goalrank rank}'s
 * JSON request. This is the form a warehouse holds requests in; {@link BatchRanking#rankTable} ranks it.
 *
 * <pre>
 * id long, user string, history array&lt;string&gt;, history_positive array&lt;int&gt;,
 * candidates array&lt;string&gt;, retriever_scores array&lt;float&gt; (may be null)
 * </pre>
 */
public final class ParquetRequests {
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("user", DataTypes.StringType, false)
      .add("history", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("history_positive", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("candidates", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("retriever_scores", DataTypes.createArrayType(DataTypes.FloatType, false), true);

  private ParquetRequests() {}

  /** Writes the sharded set in {@code requests} as a Parquet table at {@code table}, one Spark task per shard. */
  public static long export(SparkSession spark, Path requests, Path table) throws IOException {
    ShardedRequests set = ShardedRequests.open(requests);
    List<String> shards = set.shards().stream().map(p -> p.toAbsolutePath().toString()).toList();
    var rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(shards, shards.size())
        .flatMap(new ShardRows(set.dir().toAbsolutePath().toString()));
    var frame = spark.createDataFrame(rows, SCHEMA);
    frame.write().mode(SaveMode.ErrorIfExists).parquet(table.toString());
    return spark.read().parquet(table.toString()).count();
  }

  /** The rows of one shard, read a record at a time. */
  private record ShardRows(String setDir) implements FlatMapFunction<String, Row>, Serializable {
    private static final Map<String, ShardHeader> HEADERS = new ConcurrentHashMap<>();

    @Override
    public Iterator<Row> call(String shard) throws IOException {
      ShardHeader header = HEADERS.computeIfAbsent(setDir, d -> {
        try {
          return ShardedRequests.open(Path.of(d)).header();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      ShardFile.Reader in = ShardFile.reader(Path.of(shard));
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = in.hasNext();
          if (!more) {
            try {
              in.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return more;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return row(in.next(), header.userIds(), header.itemIds());
        }
      };
    }
  }

  /** One request as a row; arrays as Java arrays (Spark's row encoder takes those or Scala sequences, not Lists). */
  static Row row(RequestRecord r, IdIndex users, IdIndex items) {
    String[] history = new String[r.history().length];
    for (int k = 0; k < history.length; k++) {
      history[k] = items.rawId(r.history()[k]);
    }
    int[] positive = new int[r.historyPositive().length];
    for (int k = 0; k < positive.length; k++) {
      positive[k] = r.historyPositive()[k];
    }
    String[] candidates = new String[r.candidates().length];
    for (int k = 0; k < candidates.length; k++) {
      candidates[k] = items.rawId(r.candidates()[k]);
    }
    return RowFactory.create(r.id(), users.rawId(r.user()), history, positive, candidates, r.stageScores().clone());
  }
}
