package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Analysis;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.GroupConstructionAnalysis;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank experiment group-construction}: where the group's lists come from, at a fixed |B|. */
@Command(name = GroupConstructionAnalysis.NAME, mixinStandardHelpOptions = true,
    description = "GoalRank with the default mixed group, generator samples only, auxiliary policies only, and "
        + "the default without one auxiliary family at a time, all at the same |B| (--group / --group-size set the "
        + "base group); writes OUT/group-construction.md, .csv and PNGs. Finished rows are skipped on a rerun.")
public final class GroupConstructionCommand extends AnalysisCommand {
  @Option(names = "--variants", split = ",", description = "Variants to train (default all): "
      + "mixed, generator-only, auxiliary-only, without-mf-order, without-popularity, without-random, without-dnn, "
      + "without-dnn-pl.")
  List<String> variants;

  @Override
  String name() {
    return GroupConstructionAnalysis.NAME;
  }

  @Override
  Analysis analysis(PreparedDataset data, ExperimentConfig config) {
    return GroupConstructionAnalysis.of(data, config.settings().group(),
        variants != null ? variants : GroupConstructionAnalysis.defaultVariants(config.quick()));
  }
}
