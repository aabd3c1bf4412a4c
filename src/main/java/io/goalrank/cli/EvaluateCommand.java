package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.ReportWriter;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.RankingPolicy;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.reward.RewardModel;
import io.goalrank.workflow.Models;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates GoalRank and the reference policies on the same requests. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate heuristics, the auxiliary DNN, the reward model's greedy list and GoalRank; "
        + "write a Markdown table and CSV.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ComputeOptions compute;

  @Option(names = "--prepared", required = true, description = "Prepared dataset file.")
  Path prepared;

  @Option(names = "--reward", required = true, description = "Reward model directory.")
  Path rewardDir;

  @Option(names = "--model", description = "GoalRank generator directory.")
  Path modelDir;

  @Option(names = "--dnn", description = "Auxiliary DNN directory (default: MODEL/aux-dnn when present).")
  Path dnnDir;

  @Option(names = "--split", defaultValue = "test", description = "test or valid (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--out", description = "Directory for results.md and results.csv.")
  Path out;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    PreparedDataset data = PreparedDataset.read(prepared);
    Split which = Split.valueOf(split.toUpperCase());
    try (RewardModel reward = RewardModel.load(rewardDir)) {
      List<AutoCloseable> open = new ArrayList<>();
      try {
        List<RankingPolicy> policies = new ArrayList<>(Workflow.heuristics(data, common.seed));
        Path dnnPath = dnnDir != null ? dnnDir : modelDir == null ? null : modelDir.resolve("aux-dnn");
        if (dnnPath != null && Files.isDirectory(dnnPath)) {
          NetworkTrainer<ScoringNetwork> dnn = Models.loadScorer(dnnPath);
          open.add(dnn);
          policies.add(new ScoringPolicy("dnn", Workflow.cache(data, dnn), 1f));
        }
        policies.add(Workflow.rewardGreedy(reward));
        if (modelDir != null) {
          NetworkTrainer<PointerGenerator> gen = Models.loadGenerator(modelDir);
          open.add(gen);
          policies.add(Workflow.generatorPolicy(gen));
        }
        policies.addAll(Workflow.oracles(data));
        List<EvaluationResult> results =
            Workflow.evaluate(data, policies, Workflow.utilities(data, reward), which, !common.quiet);
        System.out.println(report(results, out));
      } finally {
        for (AutoCloseable c : open) {
          c.close();
        }
      }
    }
    return 0;
  }

  static String report(List<EvaluationResult> results, Path out) throws Exception {
    return report(results, out, "N@6");
  }

  /** The results table with GoalRank's gain and paired p-value against the best other policy on {@code keyMetric}. */
  static String report(List<EvaluationResult> results, Path out, String keyMetric) throws Exception {
    var rows = ReportWriter.singleSeed(results);
    ReportWriter.Options options = ReportWriter.Options.highlight("goalrank", keyMetric);
    if (out == null) {
      return ReportWriter.markdown(rows, options);
    }
    Files.createDirectories(out);
    return ReportWriter.write(out.resolve("results.md"), out.resolve("results.csv"), rows, options);
  }
}
