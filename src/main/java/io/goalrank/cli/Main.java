package io.goalrank.cli;

import io.goalrank.data.DataFormatException;
import io.goalrank.util.Progress;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code goalrank} command line: one subcommand per job. */
@Command(name = "goalrank", mixinStandardHelpOptions = true, version = "goalrank 0.1.0",
    description = "Generator-only list ranking trained with group-relative optimisation (GoalRank, arXiv 2509.22046).",
    subcommands = {
        DemoCommand.class,
        DataCommand.class,
        SimulateCommand.class,
        PrepareCommand.class,
        TrainRewardCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        ExperimentCommand.class,
        RankCommand.class,
        ServeCommand.class,
        LoadtestCommand.class,
        BenchCommand.class,
        InfoCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (0 ok, 1 usage error, 2 bad input or failure). */
  public static int execute(String... args) {
    boolean debug = System.getenv("GOALRANK_DEBUG") != null;
    for (String a : args) {
      if (a.equals("--quiet") || a.equals("-q")) {
        Progress.setEnabled(false);
      }
    }
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (debug) {
        ex.printStackTrace();
      }
      String kind = ex instanceof DataFormatException ? "bad input"
          : ex instanceof IllegalArgumentException ? "invalid argument"
          : ex instanceof IOException ? "I/O error" : ex.getClass().getSimpleName();
      cmd.getErr().println("goalrank " + cmd.getCommandName() + ": " + kind + ": " + ex.getMessage());
      if (!debug && !(ex instanceof DataFormatException || ex instanceof IllegalArgumentException
          || ex instanceof IOException)) {
        cmd.getErr().println("(set GOALRANK_DEBUG=1 for the stack trace)");
      }
      return 2;
    });
    return cli.execute(args);
  }
}
