package io.goalrank.cli;

import io.goalrank.experiment.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What every {@code goalrank experiment} subcommand shares: the data, the seeds, the run directory. */
final class ExperimentOptions {
  @Option(names = "--dataset", description = "ml-1m, amazon-book, csv or sim (the built-in simulator).")
  String dataset;

  @Option(names = "--data", description = "Raw data: directory (ml-1m, amazon-book) or file (csv).")
  Path data;

  @Option(names = "--prepared", description = "Reuse this prepared dataset instead of preparing one in --out.")
  Path prepared;

  @Option(names = "--negatives", defaultValue = "retriever",
      description = "retriever (paper) or matched (popularity-matched) negatives (default: ${DEFAULT-VALUE}).")
  String negatives;

  @Option(names = "--core", defaultValue = "20", description = "Iterative k-core filter (default: ${DEFAULT-VALUE}).")
  int core;

  @Option(names = "--seeds", defaultValue = "5",
      description = "Independent runs; run i uses seed SEED + 1000*i (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--out", required = true,
      description = "Run directory; a rerun with the same --out skips every finished (seed, model).")
  Path out;

  @Option(names = "--quick", description = "Tiny simulator, tiny models, 2 epochs: the whole pipeline in CI time.")
  boolean quick;

  ExperimentConfig.Builder builder(long seed, boolean quiet, String command, List<String> args) {
    return ExperimentConfig.builder().setDataset(dataset).optDataDir(data).optPrepared(prepared)
        .optNegatives(PrepareCommand.negatives(negatives)).optCore(core).optSeeds(seeds).optBaseSeed(seed)
        .optQuick(quick).optProgress(!quiet).optCommandLine("goalrank " + String.join(" ", args));
  }
}
