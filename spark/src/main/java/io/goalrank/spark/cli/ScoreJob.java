package io.goalrank.spark.cli;

import io.goalrank.spark.score.OfflineScoring;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code goalrank spark score}: offline reward-model scores of a sharded request set. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score every request of a sharded set with a frozen reward model (one per executor): click "
        + "probabilities per candidate and auxiliary lists with their rewards, scores-NNNNN.grsc per shard.")
public final class ScoreJob implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--requests", required = true, description = "Sharded request set (folder).")
  Path requests;

  @Option(names = "--reward-model", required = true, description = "Reward model directory.")
  Path rewardModel;

  @Option(names = "--out", description = "Output folder (default: beside the shards, in --requests).")
  Path out;

  @Option(names = "--list-length", defaultValue = "6", description = "L (default: ${DEFAULT-VALUE}).")
  int listLength;

  @Option(names = "--batch-size", defaultValue = "256", description = "Requests scored together "
      + "(default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    SparkSession session = spark.session("score");
    try {
      long n = new OfflineScoring(session).score(requests, out != null ? out : requests,
          new OfflineScoring.Settings(rewardModel, listLength, batchSize));
      System.out.println("Scored " + n + " requests -> " + (out != null ? out : requests));
    } finally {
      session.stop();
    }
    return 0;
  }
}
