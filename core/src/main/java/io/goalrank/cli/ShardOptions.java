package io.goalrank.cli;

import io.goalrank.train.ShardedTrainingRequests;
import io.goalrank.workflow.ShardedTraining;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Training from a sharded request set instead of a prepared file (docs/SHARDS.md); shared by the train commands. */
final class ShardOptions {
  @Option(names = "--shards", description = "A sharded request set (docs/SHARDS.md) instead of --prepared: streamed "
      + "from disk one batch at a time every epoch, so a set larger than the heap trains.")
  Path shards;

  @Option(names = "--shuffle-window", defaultValue = "" + ShardedTraining.DEFAULT_SHUFFLE_WINDOW,
      description = "With --shards: records mixed at a time (with the shards in a shuffled order each epoch); the "
          + "memory held besides the batch (default: ${DEFAULT-VALUE}).")
  int shuffleWindow;

  /** Checks that exactly one source is given. */
  void checkOneOf(Path prepared) {
    if (prepared != null && shards != null) {
      throw new IllegalArgumentException("--prepared and --shards are two sources of the same requests; give one");
    }
    if (prepared == null && shards == null) {
      throw new IllegalArgumentException("give the training requests: --prepared FILE or --shards DIR");
    }
  }

  ShardedTrainingRequests open() throws IOException {
    return ShardedTraining.open(shards, shuffleWindow);
  }
}
