package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Analysis;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.GroupSizeAnalysis;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank experiment group-size}: the paper's Table 2. */
@Command(name = GroupSizeAnalysis.NAME, mixinStandardHelpOptions = true,
    description = "GoalRank trained at each group size |B| (default 3,5,8,10,20,50,100; --quick 3,5,10) against "
        + "the DNN baseline; writes OUT/group-size.md, .csv and PNGs. Finished rows are skipped on a rerun.")
public final class GroupSizeCommand extends AnalysisCommand {
  @Option(names = "--sizes", split = ",", description = "Group sizes |B| to train, e.g. 3,8,20.")
  List<Integer> sizes;

  @Override
  String name() {
    return GroupSizeAnalysis.NAME;
  }

  @Override
  Analysis analysis(PreparedDataset data, ExperimentConfig config) {
    return GroupSizeAnalysis.of(data, sizes != null ? sizes : GroupSizeAnalysis.defaultSizes(config.quick()));
  }
}
