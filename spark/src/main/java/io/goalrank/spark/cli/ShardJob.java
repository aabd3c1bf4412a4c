package io.goalrank.spark.cli;

import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.shard.PreparedShards;
import io.goalrank.data.shard.ShardedRequests;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank spark shard}: a prepared dataset as a sharded request set (no Spark needed). */
@Command(name = "shard", mixinStandardHelpOptions = true,
    description = "Write a prepared dataset (from `goalrank prepare`) as a sharded request set (docs/SHARDS.md), "
        + "each request with its logged list as the shown list.")
public final class ShardJob implements Callable<Integer> {
  @Option(names = "--prepared", required = true, description = "Prepared dataset file.")
  Path prepared;

  @Option(names = "--out", required = true, description = "Folder of the sharded set.")
  Path out;

  @Option(names = "--records-per-shard", defaultValue = "100000", description = "Requests per shard "
      + "(default: ${DEFAULT-VALUE}).")
  int perShard;

  @Override
  public Integer call() throws Exception {
    if (perShard < 1) { // checked before any work: a bad count should not cost a whole prepare
      throw new IllegalArgumentException("--records-per-shard must be at least 1, got " + perShard);
    }
    PreparedDataset data = PreparedDataset.read(prepared);
    ShardedRequests set = PreparedShards.write(data, Impressions.fromLoggedLists(data), out, perShard);
    System.out.println(data.size() + " requests -> " + out + " (" + set.shards().size() + " shards)");
    return 0;
  }
}
