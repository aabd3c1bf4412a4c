package io.goalrank.experiment;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.workflow.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment runs on and how: the dataset (or the simulator), the negative-sampling mode, the seeds and the
 * training settings every method shares. Experiments (Table 1 now; group size, reward noise and scaling later) take
 * one of these and a {@link RunDirectory}.
 *
 * @param dataset {@code ml-1m}, {@code amazon-book}, {@code csv} or {@code sim}
 * @param dataDir the raw data (directory, or file for csv); null for {@code sim} or when {@code prepared} is given
 * @param prepared a prepared dataset file to reuse, or null (then the run directory's copy, prepared on first use)
 * @param negatives how the non-ground-truth candidates are chosen
 * @param core iterative k-core filter of the protocol
 * @param seeds number of independent runs; run i uses seed {@code baseSeed + 1000·i}
 * @param baseSeed the first run's seed, also the data protocol's seed when the split is shared
 * @param quick tiny simulator, tiny models and few epochs: the whole pipeline in CI time
 * @param settings training settings of the first run (the others only change the seed)
 * @param geSamples K, lists each G-E generator samples per request
 * @param multiGenerators the G-n sizes (paper: 3, 20, 100)
 * @param progress progress bars on standard error
 * @param commandLine how the run was started, recorded in the report
 * @param onlyRows compute only these rows (empty: all); the others are left as they are on disk, so separate
 *     processes can work on different rows of one run directory. Not part of the run's identity.
 * @param threshold the positive-feedback threshold given with {@code --threshold}, or null for the dataset's
 *     default ({@link #defaultThreshold}); see {@link #positiveThreshold()}
 * @param splitPerSeed each seed prepares its own user split and retriever from the raw data with its own seed
 *     (files {@code DIR/seed-<s>/prepared-<negatives>.bin}), so the spread over seeds includes the data split;
 *     false: one split, prepared with the base seed, shared by every seed (spread = model initialisation only)
 * @param requests how requests are cut from the users' timelines and split ({@code --requests}; LAST by default)
 */
public record ExperimentConfig(String dataset, Path dataDir, Path prepared, ProtocolConfig.NegativeSampling negatives,
    int core, int seeds, long baseSeed, boolean quick, TrainingSettings settings, int geSamples,
    List<Integer> multiGenerators, boolean progress, String commandLine, java.util.Set<String> onlyRows,
    Float threshold, boolean splitPerSeed, ProtocolConfig.RequestMode requests) {

  /** The {@code --dataset} of the built-in simulator, which generates its data instead of reading it. */
  public static final String SIM = "sim";
  /** Every registered reader ({@link DatasetReaders}), then {@link #SIM}. */
  public static List<String> datasets() {
    List<String> out = new ArrayList<>(DatasetReaders.names());
    out.add(SIM);
    return List.copyOf(out);
  }

  public ExperimentConfig {
    multiGenerators = List.copyOf(multiGenerators);
    onlyRows = java.util.Set.copyOf(onlyRows);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The seeds of the runs, in order. */
  public List<Long> seedList() {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      out.add(baseSeed + 1000L * i);
    }
    return out;
  }

  /** The threshold the data is prepared with: {@code --threshold}, or the dataset's default. */
  public float positiveThreshold() {
    return threshold != null ? threshold : defaultThreshold(dataset);
  }

  /** The threshold {@code dataset} is prepared with when {@code --threshold} is not given: its reader's, or the simulator's. */
  public static float defaultThreshold(String dataset) {
    return SIM.equals(dataset) ? PositiveThreshold.SIMULATOR_DEFAULT
        : DatasetReaders.forName(dataset).defaultThreshold(null).value();
  }

  /** The seed the data protocol (split, retriever, candidates) uses for the run with {@code seed}. */
  public long dataSeed(long seed) {
    return splitPerSeed ? seed : baseSeed;
  }

  /** The training settings of the run with {@code seed}. */
  public TrainingSettings settingsFor(long seed) {
    return settings.toBuilder().optSeed(seed).build();
  }

  /**
   * What makes two runs comparable: resuming into a run directory made with different values is refused. The seed
   * count is not part of it, so a rerun with more seeds adds runs to the same table (with {@code --split-per-seed}
   * on in both, or off in both: it is part of the identity). Run directories made before the threshold and the
   * split (and the request mode) were recorded are read as {@link RunDirectory} says.
   */
  public Map<String, String> identity() {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("dataset", dataset);
    id.put("negatives", negatives.name().toLowerCase());
    id.put("core", Integer.toString(core));
    id.put("baseSeed", Long.toString(baseSeed));
    id.put("quick", Boolean.toString(quick));
    id.put("settings", settings.toBuilder().optSeed(baseSeed).build().identity());
    id.put("geSamples", Integer.toString(geSamples));
    id.put("multiGenerators", multiGenerators.toString());
    id.put("positiveThreshold", Float.toString(positiveThreshold()));
    id.put("splitPerSeed", Boolean.toString(splitPerSeed));
    id.put("requests", requests.name().toLowerCase());
    return id;
  }

  /** Builder; {@code setDataset} is required, everything else has the documented defaults. */
  public static final class Builder {
    private String dataset;
    private Path dataDir;
    private Path prepared;
    private ProtocolConfig.NegativeSampling negatives = ProtocolConfig.NegativeSampling.RETRIEVER;
    private int core = 20;
    private int seeds = 5;
    private long baseSeed = 999;
    private boolean quick;
    private TrainingSettings settings;
    private int geSamples = 20;
    private List<Integer> multiGenerators = List.of(3, 20, 100);
    private boolean progress = true;
    private String commandLine = "";
    private java.util.Set<String> onlyRows = java.util.Set.of();
    private Float threshold;
    private Boolean splitPerSeed;
    private ProtocolConfig.RequestMode requests = ProtocolConfig.RequestMode.LAST;

    public Builder setDataset(String v) {
      dataset = v;
      return this;
    }

    public Builder optDataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder optPrepared(Path v) {
      prepared = v;
      return this;
    }

    public Builder optNegatives(ProtocolConfig.NegativeSampling v) {
      negatives = v;
      return this;
    }

    public Builder optCore(int v) {
      core = v;
      return this;
    }

    public Builder optSeeds(int v) {
      seeds = v;
      return this;
    }

    public Builder optBaseSeed(long v) {
      baseSeed = v;
      return this;
    }

    /** Tiny simulator, tiny models, 2 epochs each; implies dataset {@code sim}. */
    public Builder optQuick(boolean v) {
      quick = v;
      return this;
    }

    public Builder optSettings(TrainingSettings v) {
      settings = v;
      return this;
    }

    public Builder optGeSamples(int v) {
      geSamples = v;
      return this;
    }

    public Builder optMultiGenerators(List<Integer> v) {
      multiGenerators = v;
      return this;
    }

    public Builder optProgress(boolean v) {
      progress = v;
      return this;
    }

    public Builder optCommandLine(String v) {
      commandLine = v;
      return this;
    }

    public Builder optOnlyRows(java.util.Set<String> v) {
      onlyRows = v;
      return this;
    }

    /** The positive-feedback threshold ({@code --threshold}); null: the dataset's default. */
    public Builder optThreshold(Float v) {
      threshold = v;
      return this;
    }

    /**
     * One split per seed ({@code --split-per-seed}) or one shared split; null (the default): per seed when there
     * is more than one seed and no {@code --prepared} file.
     */
    public Builder optSplitPerSeed(Boolean v) {
      splitPerSeed = v;
      return this;
    }

    /** How requests are cut and split ({@code --requests}): LAST (Table 1's protocol, the default) or SLATES. */
    public Builder optRequests(ProtocolConfig.RequestMode v) {
      requests = v;
      return this;
    }

    public ExperimentConfig build() {
      if (quick && dataset == null) {
        dataset = SIM;
      }
      if (dataset == null || !datasets().contains(dataset)) {
        throw new IllegalArgumentException("--dataset must be one of " + datasets() + ", got '" + dataset + "'");
      }
      if (quick && !dataset.equals(SIM)) {
        throw new IllegalArgumentException("--quick runs on the simulator only (--dataset sim), not " + dataset);
      }
      if (!dataset.equals(SIM) && dataDir == null && prepared == null) {
        throw new IllegalArgumentException("--dataset " + dataset + " needs --data DIR (or --prepared FILE)");
      }
      if (dataDir != null && prepared != null) {
        throw new IllegalArgumentException("--data and --prepared exclude each other: --prepared " + prepared
            + " is used as it is, so --data " + dataDir + " would not be read; give one of them");
      }
      if (dataDir != null && dataset.equals(SIM)) {
        throw new IllegalArgumentException("--dataset sim generates its data; --data " + dataDir
            + " would not be read");
      }
      if (threshold != null && !Float.isFinite(threshold)) {
        throw new IllegalArgumentException("--threshold must be a finite number, got " + threshold);
      }
      if (Boolean.TRUE.equals(splitPerSeed) && prepared != null) {
        throw new IllegalArgumentException("--split-per-seed prepares each seed's split from the raw data; with "
            + "--prepared " + prepared + " there is one split (use --data instead, or --no-split-per-seed)");
      }
      if (requests == null) {
        throw new IllegalArgumentException("--requests must be last or slates");
      }
      if (seeds < 1) {
        throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
      }
      if (geSamples < 1) {
        throw new IllegalArgumentException("G-E samples must be at least 1, got " + geSamples);
      }
      for (int g : multiGenerators) {
        if (g < 1) {
          throw new IllegalArgumentException("G-n sizes must be positive, got " + multiGenerators);
        }
      }
      TrainingSettings s = settings != null ? settings : quick ? quickSettings(baseSeed) : defaultSettings(baseSeed);
      s.readsRetrieverScores(negatives.name()); // refuses a feature that would leak the targets, before any work
      boolean perSeed = splitPerSeed != null ? splitPerSeed : seeds > 1 && prepared == null;
      return new ExperimentConfig(dataset, dataDir, prepared, negatives, core, seeds, baseSeed, quick, s.toBuilder()
          .optSeed(baseSeed).build(), geSamples, multiGenerators, progress, commandLine, onlyRows, threshold,
          perSeed, requests);
    }
  }

  /**
   * Table 1's settings: the library's defaults ({@link TrainingSettings.Builder}: every network {@code small},
   * hidden 128, the paper's size for all methods), so {@code train} and {@code table1} train the same models.
   */
  public static TrainingSettings defaultSettings(long seed) {
    return TrainingSettings.builder().optSeed(seed).build();
  }

  /** CI-sized: tiny networks, two epochs per model. */
  public static TrainingSettings quickSettings(long seed) {
    return TrainingSettings.builder().optGeneratorSize("tiny").optRewardSize("tiny").optDnnSize("tiny")
        .optRewardEpochs(2).optDnnEpochs(2).optGeneratorEpochs(2).optPatience(2).optBatchSize(64)
        .optLearningRate(2e-3f).optRewardLearningRate(2e-3f).optSeed(seed).build();
  }
}
