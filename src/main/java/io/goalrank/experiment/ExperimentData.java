package io.goalrank.experiment;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one prepared dataset an experiment's runs share: {@code --prepared FILE} when given, else the run
 * directory's {@code prepared-<negatives>.bin}, which is prepared on first use (same code path and defaults as
 * {@code goalrank prepare} / {@code goalrank simulate}) and reused afterwards.
 */
public final class ExperimentData {
  private ExperimentData() {}

  public static PreparedDataset load(ExperimentConfig config, RunDirectory dir) throws IOException {
    String negatives = config.negatives().name().toLowerCase();
    Path file = config.prepared() != null ? config.prepared() : dir.preparedFile(negatives);
    if (Files.isRegularFile(file)) {
      PreparedDataset data = PreparedDataset.read(file);
      check(data, file, config);
      System.out.printf("Reusing prepared %s (%s negatives): %s requests -> %s%n", data.info().get("dataset"),
          negatives, data.info().get("stats.requests"), file);
      return data;
    }
    if (config.prepared() != null) {
      throw new IOException("--prepared " + file + ": no such file");
    }
    long start = System.nanoTime();
    PreparedDataset data = prepare(config);
    data.write(file);
    System.out.printf("Prepared %s (%s negatives) in %.0f s: %s requests (train %s / valid %s / test %s), "
            + "retriever recall@50 %s -> %s%n", config.dataset(), negatives, (System.nanoTime() - start) / 1e9,
        data.info().get("stats.requests"), data.info().get("stats.requests.train"),
        data.info().get("stats.requests.valid"), data.info().get("stats.requests.test"),
        data.info().get("stats.retrieverRecallAtN"), file);
    return data;
  }

  static PreparedDataset prepare(ExperimentConfig config) throws IOException {
    long seed = config.baseSeed();
    ProtocolConfig.Builder protocol = ProtocolConfig.builder().optNegatives(config.negatives()).optSeed(seed);
    if (config.dataset().equals("sim")) {
      if (config.quick()) {
        return Workflow.simulate(
            SimulatorConfig.builder().users(300).items(150).interactionsPerUser(30, 40).seed(seed).build(),
            protocol.optCoreK(10).build(), new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, seed));
      }
      // the demo's simulator (goalrank simulate defaults)
      return Workflow.simulate(SimulatorConfig.builder().users(2000).items(800).seed(seed).build(),
          protocol.optCoreK(config.core()).build(), MfRetriever.Options.defaults(seed));
    }
    // goalrank prepare's defaults: rating >= 4 is positive on ML-1M, every interaction on implicit data
    float positive = config.dataset().equals("ml-1m") ? 4f : 1f;
    var interactions = DatasetReaders.forName(config.dataset()).read(config.dataDir());
    return new DatasetPreparer(protocol.optCoreK(config.core()).optPositiveThreshold(positive).build(),
        MfRetriever.Options.defaults(seed)).prepare(config.dataset(), interactions);
  }

  /** A reused file must be the data the run asks for. */
  private static void check(PreparedDataset data, Path file, ExperimentConfig config) {
    String dataset = data.info().getOrDefault("dataset", "?");
    String expected = config.dataset().equals("sim") ? "simulator" : config.dataset();
    if (!dataset.equals(expected)) {
      throw new IllegalArgumentException(file + ": holds dataset '" + dataset + "', not " + expected);
    }
    String negatives = data.info().getOrDefault("protocol.negatives", "?");
    if (!negatives.equalsIgnoreCase(config.negatives().name())) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.negatives = " + negatives + ", not "
          + config.negatives().name().toLowerCase() + " (--negatives)");
    }
    String core = data.info().getOrDefault("protocol.coreK", "?");
    if (!config.quick() && !core.equals(Integer.toString(config.core()))) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.coreK = " + core + ", not "
          + config.core() + " (--core)");
    }
  }
}
