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
  /**
   * slf4j-simple's level for DJL's CUDA probe. On a machine without a usable GPU driver the probe logs "Failed to
   * detect GPU count: CUDA driver version is insufficient ..." at warn on every start, though this build runs on the
   * CPU; a user who wants it back sets the property (or GOALRANK_JAVA_OPTS) to warn.
   */
  static final String CUDA_PROBE_LOG_LEVEL = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (0 ok, 1 usage error, 2 bad input or failure). */
  public static int execute(String... args) {
    // before DJL initialises: slf4j-simple reads a logger's level when the logger is created
    if (System.getProperty(CUDA_PROBE_LOG_LEVEL) == null) {
      System.setProperty(CUDA_PROBE_LOG_LEVEL, "error");
    }
    boolean debug = System.getenv("GOALRANK_DEBUG") != null;
    for (String a : args) {
      if (a.equals("--quiet") || a.equals("-q")) {
        Progress.setEnabled(false);
      }
    }
    CommandLine cli = new CommandLine(new Main());
    GroupSourcesHelp.addTo(cli);
    DatasetsHelp.addTo(cli);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (debug) {
        ex.printStackTrace();
      }
      String kind = ex instanceof DataFormatException ? "bad input"
          : ex instanceof IllegalArgumentException ? "invalid argument"
          : ex instanceof IOException ? "I/O error" : ex.getClass().getSimpleName();
      cmd.getErr().println("goalrank " + cmd.getCommandName() + ": " + kind + ": " + describe(ex));
      if (!debug && !(ex instanceof DataFormatException || ex instanceof IllegalArgumentException
          || ex instanceof IOException)) {
        cmd.getErr().println("(set GOALRANK_DEBUG=1 for the stack trace)");
      }
      return 2;
    });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // the allocation that failed is gone, so there is room to say what to do instead of a JVM stack trace
      if (debug) {
        e.printStackTrace();
      }
      cli.getErr().println(outOfHeap(Runtime.getRuntime().maxMemory()));
      return 2;
    }
  }

  /** What to do when the Java heap ran out (its cap {@code maxHeapBytes}). */
  static String outOfHeap(long maxHeapBytes) {
    return "goalrank: out of Java heap (its cap is " + (maxHeapBytes >> 20) + " MB). Give the JVM more with "
        + "GOALRANK_JAVA_OPTS=-Xmx<size> (the launcher's default is -Xmx8g), or, for requests that do not fit, "
        + "prepare a sharded set and pass --shards (docs/SHARDS.md): it streams the requests instead of loading a "
        + "prepared file whole";
  }

  /**
   * The message of a failure in words: the file exceptions of java.nio carry only the path (a missing file printed
   * "I/O error: PATH"), and some exceptions carry no message at all ("I/O error: null").
   */
  static String describe(Throwable ex) {
    if (ex instanceof java.nio.file.FileSystemException f && f.getReason() == null && f.getFile() != null) {
      String what = ex instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
          : ex instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : ex instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
          : ex instanceof java.nio.file.NotDirectoryException ? "not a directory"
          : ex instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
          : ex.getClass().getSimpleName();
      return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what;
    }
    if (ex.getMessage() == null || ex.getMessage().isBlank()) {
      return ex.getClass().getSimpleName() + (ex.getCause() != null ? " (" + describe(ex.getCause()) + ")" : "");
    }
    return ex.getMessage();
  }
}
