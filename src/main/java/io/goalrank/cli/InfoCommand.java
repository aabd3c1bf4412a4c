package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.model.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the provenance of a model directory or a prepared dataset. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show what a model or prepared dataset is: kind, shape, data, settings, seed, metrics.")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "A model directory or a prepared dataset file.")
  Path path;

  @Override
  public Integer call() throws Exception {
    if (Files.isDirectory(path)) {
      Checkpoint cp = Checkpoint.read(path);
      System.out.println("kind: " + cp.kind());
      System.out.println("config: " + cp.config());
      cp.provenance().forEach((k, v) -> System.out.printf("  %-20s %s%n", k, v));
    } else {
      PreparedDataset data = PreparedDataset.read(path);
      data.info().forEach((k, v) -> System.out.printf("  %-34s %s%n", k, v));
    }
    return 0;
  }
}
