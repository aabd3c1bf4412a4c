package io.goalrank.spark.cli;

import io.goalrank.spark.rank.ParquetRequests;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code goalrank spark to-parquet}: a sharded request set as a Parquet table of requests with raw ids. */
@Command(name = "to-parquet", mixinStandardHelpOptions = true,
    description = "Write a sharded request set as a Parquet table of requests with raw ids (id, user, history, "
        + "history_positive, candidates, retriever_scores), one Spark task per shard; `rank --table` ranks it.")
public final class ToParquetJob implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--requests", required = true, description = "Sharded request set (folder).")
  Path requests;

  @Option(names = "--out", required = true, description = "Parquet table to write (must not exist).")
  Path out;

  @Override
  public Integer call() throws Exception {
    SparkSession session = spark.session("to-parquet");
    try {
      long n = ParquetRequests.export(session, requests, out);
      System.out.println(n + " requests -> " + out);
    } finally {
      session.stop();
    }
    return 0;
  }
}
