package io.goalrank.spark.cli;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.spark.prepare.SparkPrepare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code goalrank spark prepare}: {@code goalrank prepare} with the log read and k-core filter on Spark. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Read the log and run the k-core filter on Spark, then cut, split and build candidates as "
        + "`goalrank prepare` does: the same output for the same options. Writes the prepared file and, with "
        + "--shards, a sharded request set (docs/SHARDS.md).")
public final class PrepareJob implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--dataset", required = true, description = "ml-1m, csv, amazon-book (the KGAT folder) or parquet "
      + "(a table of user, item, time and optionally rating; docs/SPARK.md).")
  String dataset;

  @Option(names = "--data", required = true, description = "The dataset's folder (ml-1m, amazon-book), file (csv) "
      + "or Parquet file or folder (parquet).")
  Path data;

  @Option(names = "--out", required = true, description = "Prepared dataset file to write.")
  Path out;

  @Option(names = "--shards", description = "Also write the requests as a sharded set in this folder.")
  Path shards;

  @Option(names = "--records-per-shard", defaultValue = "100000", description = "Requests per shard "
      + "(default: ${DEFAULT-VALUE}).")
  int perShard;

  @Option(names = "--work", description = "Folder for the filtered log (default: a temporary folder, deleted).")
  Path work;

  @Option(names = "--negatives", defaultValue = "retriever", description = "retriever, matched or random "
      + "(default: ${DEFAULT-VALUE}).")
  String negatives;

  @Option(names = "--requests", defaultValue = "last", description = "last or slates (default: ${DEFAULT-VALUE}).")
  String requests;

  @Option(names = "--core", defaultValue = "20", description = "Iterative k-core filter (default: ${DEFAULT-VALUE}).")
  int core;

  @Option(names = "--threshold", description = "Positive feedback threshold (default: 4 for ml-1m, 1 for csv, "
      + "amazon-book and parquet).")
  Float threshold;

  @Option(names = "--max-history", defaultValue = "50", description = "History items kept (default: ${DEFAULT-VALUE}).")
  int maxHistory;

  @Option(names = "--mf-epochs", defaultValue = "20", description = "Retriever epochs (default: ${DEFAULT-VALUE}).")
  int mfEpochs;

  @Option(names = "--mf-update", defaultValue = "auto", description = MfRetriever.Update.OPTION_HELP)
  String mfUpdate;

  @Option(names = "--seed", defaultValue = "999", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (perShard < 1) { // checked before any work: a bad count should not cost a whole prepare
      throw new IllegalArgumentException("--records-per-shard must be at least 1, got " + perShard);
    }
    ProtocolConfig.Builder protocol = ProtocolConfig.builder().optCoreK(core).optMaxHistory(maxHistory)
        .optSeed(seed).optNegatives(negatives(negatives)).optRequests(requests(requests));
    MfRetriever.Options d = MfRetriever.Options.defaults(seed);
    MfRetriever.Options mf = new MfRetriever.Options(d.dim(), mfEpochs, d.batchSize(), d.learningRate(),
        d.weightDecay(), seed)
        .withUpdate(MfRetriever.Update.parse(mfUpdate));
    Path workDir = work != null ? work : Files.createTempDirectory("goalrank-spark-prepare");
    SparkSession session = spark.session("prepare");
    try {
      PreparedDataset prepared = new SparkPrepare(session).prepare(dataset, data, threshold, protocol, mf, workDir);
      prepared.write(out);
      System.out.println("Prepared " + dataset + " on Spark -> " + out + " (" + prepared.size() + " requests)");
      if (shards != null) {
        PreparedShards.write(prepared, Impressions.fromLoggedLists(prepared), shards, perShard);
        System.out.println("Requests as shards -> " + shards);
      }
    } finally {
      session.stop();
      if (work == null) {
        deleteTree(workDir);
      }
    }
    return 0;
  }

  static ProtocolConfig.NegativeSampling negatives(String value) {
    try {
      return ProtocolConfig.NegativeSampling.valueOf(value.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--negatives must be retriever, matched or random, got '" + value + "'");
    }
  }

  static ProtocolConfig.RequestMode requests(String value) {
    try {
      return ProtocolConfig.RequestMode.valueOf(value.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--requests must be last or slates, got '" + value + "'");
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
