package io.goalrank.cli;

import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.workflow.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What every {@code goalrank experiment} subcommand shares: the data, the seeds, the run directory. */
final class ExperimentOptions {
  @Option(names = "--dataset", description = "A reader of the \"Datasets\" section below (${COMPLETION-CANDIDATES}), "
      + "or sim (the built-in simulator).", completionCandidates = DatasetsHelp.Names.class)
  String dataset;

  @Option(names = "--data", description = "Raw data: directory (ml-1m, amazon-book) or file (csv). Not with "
      + "--prepared.")
  Path data;

  @Option(names = "--prepared", description = "Reuse this prepared dataset (one split for every seed) instead of "
      + "preparing data in --out. Not with --data.")
  Path prepared;

  @Option(names = "--threshold", description = "Positive feedback threshold: a rating >= it is positive (default: "
      + "the dataset's, listed under \"Datasets\", and 4 for sim; a csv with a rating column and no --threshold warns that "
      + "every rating counts as positive). A --prepared file must have been prepared with it.")
  Float threshold;

  @Option(names = "--split-per-seed", negatable = true, description = "Each seed prepares its own user split and "
      + "retriever from the raw data with its own seed (OUT/seed-<s>/prepared-<negatives>.bin), so ± over seeds "
      + "covers model initialisation and data split; --no-split-per-seed shares one split (± = model "
      + "initialisation only). Default: on when --seeds > 1 and no --prepared.")
  Boolean splitPerSeed;

  @Option(names = "--negatives", defaultValue = "retriever",
      description = "retriever (paper), matched (popularity-matched) or random (uniform unseen items) negatives "
          + "(default: ${DEFAULT-VALUE}).")
  String negatives;

  @Option(names = "--requests", defaultValue = "last", description = PrepareCommand.REQUESTS_HELP
      + " A --prepared file must have been prepared with it. (default: ${DEFAULT-VALUE})")
  String requests;

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
        .optNegatives(PrepareCommand.negatives(negatives)).optRequests(PrepareCommand.requests(requests))
        .optCore(core).optSeeds(seeds).optBaseSeed(seed)
        .optQuick(quick).optProgress(!quiet).optCommandLine("goalrank " + String.join(" ", args))
        .optThreshold(threshold).optSplitPerSeed(splitPerSeed);
  }

  /** What the training options go over: CI-sized with --quick, else Table 1's settings. */
  TrainingSettings baseSettings(long seed) {
    return quick ? ExperimentConfig.quickSettings(seed) : ExperimentConfig.defaultSettings(seed);
  }
}
