package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;

/** Runs an {@link Analysis} end to end, resumably, like {@link Table1#run}. */
public final class Analyses {
  private Analyses() {}

  /** Trains (or reuses) what every row needs for every seed, evaluates the missing rows, writes the report. */
  public static ExperimentRunner.Outcome run(ExperimentConfig config, RunDirectory dir,
      java.util.function.Function<PreparedDataset, Analysis> analysisOf) throws Exception {
    long start = System.nanoTime();
    ExperimentData.Loader data = new ExperimentData.Loader(config, dir);
    // the first seed's data names the rows; each row reads its own seed's data through SeedModels
    Analysis analysis = analysisOf.apply(data.first());
    int groupSize = config.settings().group().size();
    ExperimentRunner.Outcome outcome = ExperimentRunner.run(dir, config.seedList(), analysis.rows(),
        seed -> new SeedModels(data.get(seed), dir, seed, config.settingsFor(seed), groupSize),
        (m, policy) -> Table1.evaluate(m.data(), m, policy, config.progress()));
    AnalysisReport.write(dir, config, ExperimentData.provenance(config, dir), analysis, outcome,
        (System.nanoTime() - start) / 1e9);
    return outcome;
  }
}
