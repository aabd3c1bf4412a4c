package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Analyses;
import io.goalrank.experiment.Analysis;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.RunDirectory;
import io.goalrank.workflow.TrainingSettings;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the analysis subcommands ({@code group-size}, {@code group-construction}, {@code reward-noise},
 * {@code scaling}) share: the experiment and training options, the run directory, the report on standard output.
 * A subclass names the experiment and builds its {@link Analysis} from its own options.
 */
abstract class AnalysisCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ExperimentOptions experiment;
  @Mixin TrainingOptions training;
  @Mixin ComputeOptions compute;
  @Spec CommandSpec spec;

  /** The experiment's name: the subcommand, the run directory's identity and the report's file prefix. */
  abstract String name();

  /** The analysis over {@code data}, validating this command's own options. */
  abstract Analysis analysis(PreparedDataset data, ExperimentConfig config);

  /** Extra builder settings of the subclass (G-E samples for scaling). */
  ExperimentConfig.Builder configure(ExperimentConfig.Builder b) {
    return b;
  }

  /** The experiment these options describe (validated; nothing is read or written). */
  ExperimentConfig config() {
    ExperimentConfig.Builder b = configure(experiment.builder(common.seed, common.quiet, name(),
        spec.commandLine().getParseResult().originalArgs()));
    TrainingSettings base = experiment.baseSettings(common.seed);
    return b.optSettings(training.settings(common.seed, base)).build();
  }

  @Override
  public Integer call() throws Exception {
    compute.apply();
    ExperimentConfig config = config();
    long start = System.nanoTime();
    var outcome = Analyses.run(config, RunDirectory.open(experiment.out, name(), config.identity()),
        data -> analysis(data, config));
    System.out.printf("%s finished in %.0f s (%d rows computed, %d reused): %s%n", name(),
        (System.nanoTime() - start) / 1e9, outcome.computed(), outcome.reused(),
        experiment.out.resolve(name() + ".md"));
    System.out.println(Files.readString(experiment.out.resolve(name() + ".md")));
    return 0;
  }
}
