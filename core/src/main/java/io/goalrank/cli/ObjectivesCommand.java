package io.goalrank.cli;

import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.ObjectivesExperiment;
import io.goalrank.experiment.RunDirectory;
import io.goalrank.workflow.TrainingSettings;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code goalrank experiment objectives}: one conditioned generator against per-objective models and G-E. */
@Command(name = "objectives", mixinStandardHelpOptions = true,
    description = "Train one objective-conditioned GoalRank generator (relevance, category diversity, novelty), "
        + "single-objective GoalRank models at three anchor weights, and evaluate them with G-E whose evaluator is "
        + "swapped per weight vector; write OUT/objectives.md, .csv and relevance-vs-objective PNGs. Trained models "
        + "are reused on a rerun. Uses the first seed only.")
public final class ObjectivesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ExperimentOptions experiment;
  @Mixin TrainingOptions training;
  @Mixin ComputeOptions compute;
  @Spec CommandSpec spec;

  @Option(names = "--max-other-weight", defaultValue = "2",
      description = "Training draws diversity and novelty weights uniformly in [0, this] (default: ${DEFAULT-VALUE}).")
  float maxOtherWeight;

  @Option(names = "--weight-draws", defaultValue = "1",
      description = "Weight vectors each training request of the conditioned model is used with per step; above 1 "
          + "they cycle through relevance alone and each other objective raised (default: ${DEFAULT-VALUE}).")
  int weightDraws;

  @Option(names = "--corner-weights", description = "With --weight-draws above 1: train the other objectives at "
      + "--max-other-weight exactly, never in between (a diagnostic: three corner models sharing one network).")
  boolean cornerWeights;

  @Option(names = "--single-from-relevance", description = "Start the diversity and novelty single-objective "
      + "models from the relevance-only model's weights (a diagnostic of where training starts).")
  boolean singleFromRelevance;

  @Option(names = "--anchors-in-group", defaultValue = "6",
      description = "Lists the single-objective models contribute, as auxiliary policies, to each group of the "
          + "conditioned model, which is trained after them (group source anchors:N; 0: none; "
          + "default: ${DEFAULT-VALUE}).")
  int anchorsInGroup;

  @Option(names = "--weight-warmup", defaultValue = "0",
      description = "Epochs at the start in which the conditioned model trains only with one objective other than "
          + "relevance raised to --max-other-weight (a curriculum; default: ${DEFAULT-VALUE}).")
  int weightWarmup;

  @Option(names = "--conditioned-epochs",
      description = "Epochs for the conditioned model (default: --epochs). It stands in for one single-objective model "
          + "per anchor weight, so their combined budget is the fair comparison.")
  Integer conditionedEpochs;

  @Option(names = "--conditioned-size",
      description = "Size preset of the conditioned model (default: --size). One model stands in for several.")
  String conditionedSize;

  @Option(names = "--ge-samples", defaultValue = "20",
      description = "Lists G-E samples per request besides the greedy list (default: ${DEFAULT-VALUE}).")
  int geSamples;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    if (!(maxOtherWeight > 0) || !Float.isFinite(maxOtherWeight)) {
      throw new IllegalArgumentException("--max-other-weight must be positive, got " + maxOtherWeight);
    }
    if (weightDraws < 1) {
      throw new IllegalArgumentException("--weight-draws must be at least 1, got " + weightDraws);
    }
    if (anchorsInGroup < 0) {
      throw new IllegalArgumentException("--anchors-in-group must be >= 0, got " + anchorsInGroup);
    }
    if (weightWarmup < 0) {
      throw new IllegalArgumentException("--weight-warmup must be >= 0, got " + weightWarmup);
    }
    var draws = new io.goalrank.objective.WeightDraws(maxOtherWeight, weightDraws, cornerWeights,
        weightWarmup);
    ExperimentConfig.Builder b = experiment.builder(common.seed, common.quiet, ObjectivesExperiment.NAME,
        spec.commandLine().getParseResult().originalArgs()).optGeSamples(geSamples).optSeeds(1);
    TrainingSettings base = experiment.baseSettings(common.seed);
    ExperimentConfig config = b.optSettings(training.settings(common.seed, base)).build();
    long start = System.nanoTime();
    if (conditionedEpochs != null && conditionedEpochs < 1) {
      throw new IllegalArgumentException("--conditioned-epochs must be positive, got " + conditionedEpochs);
    }
    TrainingSettings s = config.settingsFor(config.baseSeed());
    TrainingSettings conditioned = s.toBuilder()
        .optGeneratorEpochs(conditionedEpochs != null ? conditionedEpochs : s.generatorEpochs())
        .optGeneratorSize(conditionedSize != null ? conditionedSize : s.generatorSize())
        .optGroup(anchorsInGroup == 0 ? s.group()
            : io.goalrank.group.GroupSpec.parse(s.group() + ",anchors:" + anchorsInGroup)).build();
    ObjectivesExperiment.run(config, RunDirectory.open(experiment.out, ObjectivesExperiment.NAME, config.identity()),
        draws, conditioned, singleFromRelevance);
    System.out.printf("Objectives experiment finished in %.0f s: %s%n", (System.nanoTime() - start) / 1e9,
        experiment.out.resolve("objectives.md"));
    System.out.println(Files.readString(experiment.out.resolve("objectives.md")));
    return 0;
  }
}
