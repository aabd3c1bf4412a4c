package io.goalrank.cli;

import io.goalrank.data.DatasetDownloader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Dataset housekeeping. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Download public datasets.",
    subcommands = DataCommand.Fetch.class)
public final class DataCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** Downloads a dataset from its official source with checksum verification. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download ml-1m (GroupLens) or amazon-book (KGAT files) and verify checksums.")
  public static final class Fetch implements Callable<Integer> {
    @Parameters(index = "0", description = "ml-1m or amazon-book")
    String dataset;

    @Option(names = "--to", required = true, description = "Target directory.")
    Path to;

    @Override
    public Integer call() throws Exception {
      Path dir = new DatasetDownloader().fetch(dataset, to);
      System.out.println("Fetched " + dataset + " into " + dir);
      return 0;
    }
  }
}
