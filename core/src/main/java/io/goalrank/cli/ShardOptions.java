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

  @Option(names = "--shuffle-window", paramLabel = "N",
      description = "With --shards: records mixed at a time (with the shards in a shuffled order each epoch); the "
          + "memory held besides the batch (default: " + ShardedTraining.DEFAULT_SHUFFLE_WINDOW + ").")
  Integer shuffleWindow;

  /** Checks that exactly one source is given, and a shuffle window only with shards and of at least 1 record. */
  void checkOneOf(Path prepared) {
    if (prepared != null && shards != null) {
      throw new IllegalArgumentException("--prepared and --shards are two sources of the same requests; give one");
    }
    if (prepared == null && shards == null) {
      throw new IllegalArgumentException("give the training requests: --prepared FILE or --shards DIR");
    }
    if (shuffleWindow != null && shards == null) {
      throw new IllegalArgumentException("--shuffle-window mixes records streamed from --shards; a prepared file is "
          + "shuffled whole (leave --shuffle-window out)");
    }
    if (shuffleWindow != null && shuffleWindow < 1) {
      throw new IllegalArgumentException("--shuffle-window must be at least 1 record, got " + shuffleWindow);
    }
  }

  /** The shuffle window in records: the given one, or the default. */
  int window() {
    return shuffleWindow != null ? shuffleWindow : ShardedTraining.DEFAULT_SHUFFLE_WINDOW;
  }

  ShardedTrainingRequests open() throws IOException {
    return ShardedTraining.open(shards, window());
  }
}
