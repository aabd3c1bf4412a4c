package io.goalrank.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code goalrank experiment <name>}: reproducible, resumable experiments that train and evaluate many models into
 * one run directory. Each experiment is a sibling subcommand sharing {@link ExperimentOptions} and the run-directory
 * machinery of {@code io.goalrank.experiment}.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run a paper experiment end to end (resumable): table1 = the main comparison; group-size, "
        + "group-construction, reward-noise, scaling = the paper's analyses; objectives = objective-conditioned "
        + "generation.",
    subcommands = {Table1Command.class, GroupSizeCommand.class, GroupConstructionCommand.class,
        RewardNoiseCommand.class, ScalingCommand.class, ObjectivesCommand.class})
public final class ExperimentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    CommandLine.usage(spec.commandLine(), System.out);
  }
}
