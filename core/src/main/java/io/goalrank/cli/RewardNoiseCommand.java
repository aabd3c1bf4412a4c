package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Analysis;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.RewardNoiseAnalysis;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank experiment reward-noise}: the paper's Table 3. */
@Command(name = RewardNoiseAnalysis.NAME, mixinStandardHelpOptions = true,
    description = "GoalRank trained against r̂ + λ·N(0,1) for each λ (default 0,0.1,0.2,0.5,1; --quick 0,0.5), "
        + "evaluated on labels (and true utility on the simulator) against the DNN baseline; writes "
        + "OUT/reward-noise.md, .csv and PNGs. Finished rows are skipped on a rerun.")
public final class RewardNoiseCommand extends AnalysisCommand {
  @Option(names = "--lambdas", split = ",", description = "Noise levels λ, e.g. 0,0.2,0.5.")
  List<Float> lambdas;

  @Override
  String name() {
    return RewardNoiseAnalysis.NAME;
  }

  @Override
  Analysis analysis(PreparedDataset data, ExperimentConfig config) {
    return RewardNoiseAnalysis.of(data, lambdas != null ? lambdas : RewardNoiseAnalysis.defaultLambdas(config.quick()));
  }
}
