package io.goalrank.spark.cli;

import io.goalrank.data.DataFormatException;
import java.io.IOException;
import org.apache.spark.SparkException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code goalrank spark ...}: the Spark jobs, embedded ({@code --master local[*]}, the default) or under
 * spark-submit (docs/SPARK.md). Exit codes as {@code goalrank}: 0 ok, 1 usage error, 2 bad input or failure.
 */
@Command(name = "goalrank spark", mixinStandardHelpOptions = true, version = "goalrank spark 0.1.0",
    description = "GoalRank's data preparation, batch ranking and offline scoring on Apache Spark.",
    subcommands = {PrepareJob.class, ShardJob.class, ToParquetJob.class, RankJob.class, ScoreJob.class,
        SimulateLogJob.class, CompareJob.class})
public final class SparkMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SparkMain());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      Throwable cause = rootInput(ex);
      String kind = cause instanceof DataFormatException ? "bad input"
          : cause instanceof IllegalArgumentException ? "invalid argument"
          : cause instanceof IOException ? "I/O error" : cause.getClass().getSimpleName();
      cmd.getErr().println("goalrank spark " + cmd.getCommandName() + ": " + kind + ": " + cause.getMessage());
      if (System.getenv("GOALRANK_DEBUG") != null) {
        ex.printStackTrace();
      }
      return 2;
    });
    return cli.execute(args);
  }

  /** A task's failure arrives wrapped in SparkExceptions; the user needs the input error inside. */
  private static Throwable rootInput(Throwable ex) {
    Throwable t = ex;
    while (t instanceof SparkException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
