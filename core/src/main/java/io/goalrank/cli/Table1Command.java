package io.goalrank.cli;

import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.RunDirectory;
import io.goalrank.experiment.Table1;
import io.goalrank.workflow.TrainingSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code goalrank experiment table1}: the paper's main comparison on one dataset. */
@Command(name = "table1", mixinStandardHelpOptions = true,
    description = "Train the heuristics, generator-only baselines (DNN, PRM, DLCM, Seq2Slate, EG-Rerank), G-E, "
        + "G-3/G-20/G-100 and GoalRank with one frozen reward model per seed; evaluate H@6, N@6, M@6, F1@6, AUC and "
        + "r̂ on the test users; write OUT/table1.md, .csv and PNG charts. Finished (seed, model) pairs are skipped "
        + "on a rerun.")
public final class Table1Command implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ExperimentOptions experiment;
  @Mixin TrainingOptions training;
  @Mixin ComputeOptions compute;
  @Spec CommandSpec spec;

  @Option(names = "--ge-samples", defaultValue = "20",
      description = "Lists each G-E generator samples per request, besides its greedy list (default: ${DEFAULT-VALUE}).")
  int geSamples;

  @Option(names = "--rows", split = ",",
      description = "Compute only these rows (e.g. eg-rerank,g-20), leaving the others as they are on disk; lets "
          + "two processes share one run directory. The report is written once every row is finished.")
  java.util.Set<String> rows = java.util.Set.of();

  @Option(names = "--table-rows", split = ",",
      description = "The rows that make up this table (default: all). A reduced table for a budget, e.g. on slates: "
          + "rows outside it are neither trained nor reported, and the report names them.")
  java.util.List<String> tableRows = java.util.List.of();

  /** The experiment these options describe (validated; nothing is read or written). */
  ExperimentConfig config() {
    ExperimentConfig.Builder b = experiment.builder(common.seed, common.quiet, "table1",
        spec.commandLine().getParseResult().originalArgs()).optGeSamples(geSamples).optOnlyRows(rows);
    TrainingSettings base = experiment.baseSettings(common.seed);
    return b.optSettings(training.settings(common.seed, base)).build();
  }

  @Override
  public Integer call() throws Exception {
    compute.apply();
    ExperimentConfig config = config();
    long start = System.nanoTime();
    var outcome = Table1.run(config, RunDirectory.open(experiment.out, Table1.NAME, config.identity()),
        new java.util.LinkedHashSet<>(tableRows));
    System.out.printf("Table 1 finished in %.0f s (%d rows computed, %d reused): %s%n",
        (System.nanoTime() - start) / 1e9, outcome.computed(), outcome.reused(),
        experiment.out.resolve("table1.md"));
    if (rows.isEmpty()) {
      System.out.println(java.nio.file.Files.readString(experiment.out.resolve("table1.md")));
    }
    return 0;
  }
}
