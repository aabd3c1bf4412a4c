package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Analysis;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.ScalingAnalysis;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank experiment scaling}: the paper's Figure 3. */
@Command(name = ScalingAnalysis.NAME, mixinStandardHelpOptions = true,
    description = "GoalRank, DNN, PRM and G-E at each size preset (default tiny,small,medium; --quick tiny,small), "
        + "on a log parameter axis, and multi-G-E by number of generators; writes OUT/scaling.md, .csv and PNGs. "
        + "Finished rows are skipped on a rerun.")
public final class ScalingCommand extends AnalysisCommand {
  @Option(names = "--presets", split = ",", description = "Size presets: tiny, small, medium, large, xlarge.")
  List<String> presets;

  @Option(names = "--generators", split = ",",
      description = "Multi-G-E sizes (default 3,20,100; --quick 3,20); 0 generators: none.")
  List<Integer> generators;

  @Option(names = "--ge-samples",
      description = "Lists the G-E proposer samples per request, besides its greedy list (default 20; --quick 5).")
  Integer geSamples;

  @Override
  String name() {
    return ScalingAnalysis.NAME;
  }

  @Override
  ExperimentConfig.Builder configure(ExperimentConfig.Builder b) {
    List<Integer> g = generators();
    return b.optGeSamples(geSamples != null ? geSamples : experiment.quick ? 5 : 20).optMultiGenerators(g);
  }

  private List<Integer> generators() {
    if (generators != null) {
      return generators.stream().filter(x -> x != 0).toList();
    }
    return experiment.quick ? ScalingAnalysis.QUICK_GENERATORS : List.of(3, 20, 100);
  }

  @Override
  Analysis analysis(PreparedDataset data, ExperimentConfig config) {
    return ScalingAnalysis.of(data, presets != null ? presets : ScalingAnalysis.defaultPresets(config.quick()),
        config.multiGenerators(), config.settings().generatorSize(), config.geSamples());
  }
}
