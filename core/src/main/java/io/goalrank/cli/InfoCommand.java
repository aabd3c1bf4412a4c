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
    description = "Show what a model or prepared dataset is: kind, shape, data, settings, seed, metrics, and which "
        + "serving engines (--engine java|djl) can run a model.")
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
      cp.data().forEach((name, json) -> System.out.printf("data %s: %s%n", name, json));
      // which --engine of serve/rank can run it (judged from model.json; loading checks every parameter too)
      System.out.println("engines:");
      io.goalrank.engine.Engines.describeSupport(cp).forEach(line -> System.out.println("  " + line));
    } else {
      PreparedDataset data = PreparedDataset.read(path);
      data.info().forEach((k, v) -> System.out.printf("  %-34s %s%n", k, v));
      data.configs().forEach((name, json) -> System.out.printf("config %s: %s%n", name, json));
      var d = io.goalrank.workflow.RetrieverFeature.diagnose(data);
      System.out.printf(java.util.Locale.ROOT, "retriever score as a feature (%d test requests with a positive): the "
              + "%d lowest-scored candidates hold one in %.1f%%, the %d highest in %.1f%%%s%n", d.requests(),
          d.listLength(), 100 * d.lowestHit(), d.listLength(), 100 * d.highestHit(),
          d.leaks() ? ": the score gives the targets away, so no network reads it here (--retriever-feature is "
              + "refused)" : "");
    }
    return 0;
  }
}
