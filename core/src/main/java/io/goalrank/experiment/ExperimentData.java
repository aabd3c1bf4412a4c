package io.goalrank.experiment;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.InteractionReader;
import io.goalrank.data.Interactions;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared data of an experiment's runs. {@code --prepared FILE} when given (one split for every seed); else,
 * with a shared split ({@code --no-split-per-seed}), the run directory's {@code prepared-<negatives>.bin}, prepared
 * with the base seed; else ({@code --split-per-seed}) one file per seed, {@code seed-<s>/prepared-<negatives>.bin},
 * prepared from the same raw data (for the simulator: the same simulated log) with protocol and retriever seed s.
 * Each is prepared on first use (same code path and defaults as {@code goalrank prepare} / {@code goalrank
 * simulate}, with the experiment's {@code --threshold}) and reused afterwards.
 */
public final class ExperimentData {
  private ExperimentData() {}

  /**
   * What the reports say about the data of a run.
   *
   * @param splitPerSeed whether every seed has its own split
   * @param infoBySeed each seed's prepared-data info (the same map for every seed with a shared split; empty when
   *     the file is gone)
   */
  public record Provenance(boolean splitPerSeed, Map<Long, Map<String, String>> infoBySeed) {
    public Provenance {
      infoBySeed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(infoBySeed));
    }

    /** The first seed's info. */
    public Map<String, String> first() {
      return infoBySeed.values().iterator().next();
    }
  }

  /** The data of the first seed (with a shared split, of every seed). */
  public static PreparedDataset load(ExperimentConfig config, RunDirectory dir) throws IOException {
    return load(config, dir, config.seedList().get(0));
  }

  /** The data of the run with {@code seed}: its own split with {@code --split-per-seed}, else the shared one. */
  public static PreparedDataset load(ExperimentConfig config, RunDirectory dir, long seed) throws IOException {
    String negatives = config.negatives().name().toLowerCase();
    Path file = file(config, dir, seed);
    String split = config.splitPerSeed() ? "seed " + seed + "'s own split" : "split shared by every seed";
    if (Files.isRegularFile(file)) {
      PreparedDataset data = PreparedDataset.read(file);
      check(data, file, config, seed);
      System.out.printf("Reusing prepared %s (%s negatives, %s): %s requests -> %s%n", data.info().get("dataset"),
          negatives, split, data.info().get("stats.requests"), file);
      return data;
    }
    if (config.prepared() != null) {
      throw new IOException("--prepared " + file + ": no such file");
    }
    long start = System.nanoTime();
    PreparedDataset data = prepare(config, config.dataSeed(seed));
    data.write(file);
    System.out.printf("Prepared %s (%s negatives, %s requests, %s, positive threshold %s) in %.0f s: %s requests "
            + "(train %s / valid %s / test %s)%s -> %s%n", config.dataset(), negatives,
        config.requests().name().toLowerCase(), split,
        PositiveThreshold.describe(data.info()), (System.nanoTime() - start) / 1e9,
        data.info().get("stats.requests"), data.info().get("stats.requests.train"),
        data.info().get("stats.requests.valid"), data.info().get("stats.requests.test"),
        config.negatives() == ProtocolConfig.NegativeSampling.RETRIEVER
            ? ", retriever recall@" + data.info().get("protocol.numCandidates") + " "
                + data.info().get("stats.retrieverRecallAtN") : "", file);
    return data;
  }

  /** Where the data of the run with {@code seed} is (or will be). */
  static Path file(ExperimentConfig config, RunDirectory dir, long seed) {
    String negatives = config.negatives().name().toLowerCase();
    if (config.prepared() != null) {
      return config.prepared();
    }
    return config.splitPerSeed() ? dir.preparedFile(negatives, seed) : dir.preparedFile(negatives);
  }

  /** Each seed's prepared-data info, read from the files' headers, for the report. */
  public static Provenance provenance(ExperimentConfig config, RunDirectory dir) throws IOException {
    Map<Long, Map<String, String>> out = new LinkedHashMap<>();
    Map<Path, Map<String, String>> read = new HashMap<>();
    for (long seed : config.seedList()) {
      Path file = file(config, dir, seed);
      Map<String, String> info = read.get(file);
      if (info == null) {
        info = Files.isRegularFile(file) ? PreparedDataset.readInfo(file) : Map.of();
        read.put(file, info);
      }
      out.put(seed, info);
    }
    return new Provenance(config.splitPerSeed(), out);
  }

  /**
   * Prepares the data with protocol and retriever seed {@code dataSeed} from the raw data (the simulator's log is
   * always generated with the base seed, so every seed splits the same users).
   */
  static PreparedDataset prepare(ExperimentConfig config, long dataSeed) throws IOException {
    long seed = dataSeed;
    ProtocolConfig.Builder protocol = ProtocolConfig.builder().optNegatives(config.negatives())
        .optRequests(config.requests()).optSeed(seed);
    if (config.dataset().equals("sim")) {
      PositiveThreshold threshold = PositiveThreshold.simulator(config.threshold());
      protocol.optPositiveThreshold(threshold.value());
      PreparedDataset data;
      if (config.quick()) {
        data = Workflow.simulate(SimulatorConfig.builder().users(300).items(150).interactionsPerUser(30, 40)
                .seed(config.baseSeed()).build(), protocol.optCoreK(10).build(),
            new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, seed));
      } else {
        // the demo's simulator (goalrank simulate defaults)
        data = Workflow.simulate(SimulatorConfig.builder().users(2000).items(800).seed(config.baseSeed()).build(),
            protocol.optCoreK(config.core()).build(), MfRetriever.Options.defaults(seed));
      }
      return threshold.recordIn(data);
    }
    InteractionReader reader = DatasetReaders.forName(config.dataset());
    Interactions interactions = reader.read(config.dataDir());
    // goalrank prepare's defaults, the reader's: rating >= 4 is positive on ML-1M, every interaction on implicit data
    PositiveThreshold threshold = PositiveThreshold.resolve(reader, config.threshold(), interactions);
    threshold.warnIfAssumed();
    return threshold.recordIn(new DatasetPreparer(protocol.optCoreK(config.core())
        .optPositiveThreshold(threshold.value()).build(), MfRetriever.Options.defaults(seed))
        .prepare(config.dataset(), interactions));
  }

  /** A reused file must be the data the run asks for. */
  private static void check(PreparedDataset data, Path file, ExperimentConfig config, long seed) {
    String dataset = data.info().getOrDefault("dataset", "?");
    String expected = config.dataset().equals("sim") ? "simulator" : config.dataset();
    if (!dataset.equals(expected)) {
      throw new IllegalArgumentException(file + ": holds dataset '" + dataset + "', not " + expected);
    }
    ProtocolConfig protocol = data.protocol(); // the recorded config (for an old file, as its info describes it)
    if (protocol.negatives() != config.negatives()) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.negatives = "
          + lower(protocol.negatives()) + ", not " + lower(config.negatives()) + " (--negatives)");
    }
    if (protocol.requests() != config.requests()) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.requests = "
          + lower(protocol.requests()) + ", not " + lower(config.requests()) + " (--requests)");
    }
    if (!config.quick() && protocol.coreK() != config.core()) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.coreK = " + protocol.coreK() + ", not "
          + config.core() + " (--core)");
    }
    if (Float.compare(protocol.positiveThreshold(), config.positiveThreshold()) != 0) {
      String threshold = Float.toString(protocol.positiveThreshold());
      throw new IllegalArgumentException(file + ": was prepared with protocol.positiveThreshold = " + threshold
          + ", not " + config.positiveThreshold() + (config.threshold() == null
              ? " (the default for " + config.dataset() + "; give --threshold " + threshold + " to use this file)"
              : " (--threshold)"));
    }
    if (config.prepared() == null && protocol.seed() != config.dataSeed(seed)) {
      throw new IllegalArgumentException(file + ": was prepared with protocol.seed = " + protocol.seed() + ", not "
          + config.dataSeed(seed) + "; delete it to prepare it again");
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Each seed's data, loaded once: with a shared split one dataset for every seed; with a split per seed the first
   * seed's (the rows are built from it) and the one in use.
   */
  static final class Loader {
    private final ExperimentConfig config;
    private final RunDirectory dir;
    private final long first;
    private final Map<Long, PreparedDataset> cache = new HashMap<>();

    Loader(ExperimentConfig config, RunDirectory dir) {
      this.config = config;
      this.dir = dir;
      this.first = config.seedList().get(0);
    }

    PreparedDataset first() throws IOException {
      return get(first);
    }

    PreparedDataset get(long seed) throws IOException {
      long key = config.splitPerSeed() ? seed : first;
      PreparedDataset data = cache.get(key);
      if (data == null) {
        cache.keySet().removeIf(k -> k != first);
        data = load(config, dir, key);
        cache.put(key, data);
      }
      return data;
    }
  }
}
