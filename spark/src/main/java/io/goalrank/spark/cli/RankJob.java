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
    description = "Rank every request of a sharded set with a trained generator, one Spark task per shard and one "
        + "model per executor; writes ranked-NNNNN.jsonl (per request its id and what `goalrank rank` prints).")
public final class RankJob implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--requests", required = true, description = "Sharded request set (folder).")
  Path requests;

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
    SparkSession session = spark.session("rank");
    try {
      long n = new BatchRanking(session).rank(requests, out,
          new BatchRanking.Settings(model, kind, maxCandidates, batchSize));
      System.out.println("Ranked " + n + " requests -> " + out);
    } finally {
      session.stop();
    }
    return 0;
  }
}
