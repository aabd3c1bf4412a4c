package io.goalrank.spark.cli;

import io.goalrank.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where the job runs: the options every Spark subcommand shares. */
final class SparkOptions {
  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master when not under spark-submit "
      + "(default: ${DEFAULT-VALUE}: every core of this machine). Under spark-submit its --master wins.")
  String master;

  @Option(names = "--shuffle-partitions", defaultValue = "0", description = "spark.sql.shuffle.partitions; 0 keeps "
      + "Spark's own (default: ${DEFAULT-VALUE}).")
  int shufflePartitions;

  SparkSession session(String job) {
    return SparkSessions.getOrCreate(master, "goalrank " + job, shufflePartitions);
  }
}
