package io.goalrank.spark.cli;

import io.goalrank.engine.EngineKind;
import io.goalrank.spark.rank.BatchRanking;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code goalrank spark rank}: batch ranking of a sharded request set. */
@Command(name = "rank", mixinStandardHelpOptions = true,
    description = "Rank every request of a sharded set (one Spark task per shard; ranked-NNNNN.jsonl, per request "
        + "its id and what `goalrank rank` prints) or of a Parquet table (a Parquet table of id, user, items, scores, "
        + "model, history_used, history_unknown) with a trained generator, one model per executor.")
public final class RankJob implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--requests", description = "Sharded request set (folder); output: ranked-NNNNN.jsonl files.")
  Path requests;

  @Option(names = "--table", description = "Instead of --requests: a Parquet table of requests (`goalrank spark "
      + "to-parquet`, or your own with its columns, docs/SPARK.md); output: a Parquet table.")
  Path table;

  @Option(names = "--model", required = true, description = "GoalRank generator directory.")
  Path model;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--engine", defaultValue = "djl", description = "djl or java (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--max-candidates", defaultValue = "1000", description = "Most candidates accepted "
      + "(default: ${DEFAULT-VALUE}).")
  int maxCandidates;

  @Option(names = "--batch-size", defaultValue = "1", description = "Requests decoded together (default: "
      + "${DEFAULT-VALUE}: each alone, exactly as `goalrank rank`; larger batches are faster and keep the lists, "
      + "but scores may differ in the last float bits).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    EngineKind kind;
    try {
      kind = EngineKind.parse(engine);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--engine must be java or djl, got '" + engine + "'");
    }
    if ((requests == null) == (table == null)) {
      throw new IllegalArgumentException("give either --requests (a sharded set) or --table (a Parquet table)");
    }
    BatchRanking.Settings settings = new BatchRanking.Settings(model, kind, maxCandidates, batchSize);
    SparkSession session = spark.session("rank");
    try {
      long n = requests != null
          ? new BatchRanking(session).rank(requests, out, settings)
          : new BatchRanking(session).rankTable(table, out, settings);
      System.out.println("Ranked " + n + " requests -> " + out);
    } finally {
      session.stop();
    }
    return 0;
  }
}
