package io.goalrank.cli;

import io.goalrank.core.RankingPolicy;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.ReportWriter;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.reward.RewardModel;
import io.goalrank.train.ScorerTraining;
import io.goalrank.workflow.DataSummary;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates GoalRank and the reference policies on the same requests: the models of {@code goalrank train}
 * ({@code --prepared --reward --model}), or every row of a finished Table 1 run from its saved models
 * ({@code --table1 RUN}), so a generator is compared with Seq2Slate, the G-E systems and the rest, not only
 * with the heuristics.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate heuristics, the auxiliary DNN, the reward model's greedy list and GoalRank (--prepared "
        + "or --shards, --reward, --model), or every row of a Table 1 run from its saved models (--table1 RUN); write a "
        + "Markdown table and CSV.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ComputeOptions compute;

  @Option(names = "--prepared", description = "Prepared dataset file (with --table1: default the run's own data "
      + "for --seed).")
  Path prepared;

  @Option(names = "--shards", description = "A sharded request set (docs/SHARDS.md) instead of --prepared: the split "
      + "is streamed from it one batch at a time, so a set larger than the heap evaluates.")
  Path shards;

  @Option(names = "--reward", description = "Reward model directory (not with --table1: the run's is used).")
  Path rewardDir;

  @Option(names = "--table1", description = "A Table 1 run directory (experiment table1 --out): evaluate every row "
      + "from the models it saved for --seed, training nothing.")
  Path table1;

  @Option(names = "--rows", split = ",", description = "With --table1: only these rows (default: all).")
  List<String> rows;

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
    Split which = parseSplit(split);
    if (table1 != null) {
      if (shards != null) {
        throw new IllegalArgumentException("--table1 evaluates on a prepared dataset (--prepared or the run's own); "
            + "--shards is for models of `goalrank train`");
      }
      if (rewardDir != null || modelDir != null || dnnDir != null) {
        throw new IllegalArgumentException("--table1 evaluates the run's own models; --reward, --model and --dnn "
            + "are for models of `goalrank train`");
      }
      var results = io.goalrank.experiment.Table1.evaluateSaved(table1, common.seed, prepared, rows, which,
          !common.quiet);
      List<String> header = List.of("Rows of the Table 1 run " + table1 + ", seed " + common.seed + ", from its saved "
          + "models, on the " + which.name().toLowerCase() + " requests of "
          + (prepared != null ? prepared : "the run's own data") + ".");
      System.out.println(report(results, out, header));
      return 0;
    }
    if (rows != null) {
      throw new IllegalArgumentException("--rows chooses rows of a Table 1 run; give it with --table1");
    }
    if (dnnDir != null && !Files.isDirectory(dnnDir)) {
      // only MODEL/aux-dnn is optional: a --dnn that is not there would silently drop the DNN row
      throw new IllegalArgumentException("--dnn " + dnnDir + ": no such model directory");
    }
    if (shards != null && prepared != null) {
      throw new IllegalArgumentException("--prepared and --shards are two sources of the same requests; give one");
    }
    if ((prepared == null && shards == null) || rewardDir == null) {
      throw new IllegalArgumentException("evaluate needs --prepared (or --shards) and --reward (and usually --model), "
          + "or --table1");
    }
    // from shards, only the header is in memory: the dataset-wide parts (heuristics, oracles, shapes) read it
    ShardedRequests set = shards == null ? null : ShardedRequests.open(shards);
    PreparedDataset data = set == null ? PreparedDataset.read(prepared) : set.header().withoutRequests();
    try (RewardModel reward = RewardModel.load(rewardDir)) {
      List<AutoCloseable> open = new ArrayList<>();
      try {
        List<RankingPolicy> policies = new ArrayList<>(Workflow.heuristics(data, common.seed));
        Path dnnPath = dnnDir != null ? dnnDir : modelDir == null ? null : modelDir.resolve("aux-dnn");
        if (dnnPath != null && Files.isDirectory(dnnPath)) {
          NetworkTrainer<ScoringNetwork> dnn = Models.loadScorer(dnnPath);
          open.add(dnn);
          // a cache holds a score row per request; streamed, each batch is scored as it comes
          policies.add(new ScoringPolicy("dnn", set == null ? Workflow.cache(data, dnn)
              : batch -> ScorerTraining.scores(dnn, batch), 1f));
        }
        policies.add(Workflow.rewardGreedy(reward));
        if (modelDir != null) {
          NetworkTrainer<PointerGenerator> gen = Models.loadGenerator(modelDir);
          open.add(gen);
          policies.add(Workflow.generatorPolicy(gen));
        }
        policies.addAll(Workflow.oracles(data));
        List<EvaluationResult> results = set == null
            ? Workflow.evaluate(data, policies, Workflow.utilities(data, reward), which, !common.quiet)
            : Workflow.evaluate(set, policies, Workflow.utilities(data, reward), which, !common.quiet);
        List<String> header = new ArrayList<>(DataSummary.lines(data, null));
        header.add(which == Split.TEST ? "Evaluated on the test requests." : "Evaluated on the validation requests.");
        System.out.println(report(results, out, header));
      } finally {
        for (AutoCloseable c : open) {
          c.close();
        }
      }
    }
    return 0;
  }

  private static Split parseSplit(String split) {
    return switch (split.toLowerCase()) {
      case "test" -> Split.TEST;
      case "valid" -> Split.VALID;
      default -> throw new IllegalArgumentException("--split must be test or valid, got '" + split + "'");
    };
  }

  static String report(List<EvaluationResult> results, Path out, List<String> header) throws Exception {
    return report(results, out, "N@6", header);
  }

  /**
   * The results table with GoalRank's gain and paired p-value against the best other policy on {@code keyMetric},
   * under {@code header} (what it was measured on, {@link DataSummary}).
   */
  static String report(List<EvaluationResult> results, Path out, String keyMetric, List<String> header)
      throws Exception {
    var rows = ReportWriter.singleSeed(results);
    ReportWriter.Options options = ReportWriter.Options.highlight("goalrank", keyMetric);
    String preamble = header.isEmpty() ? "" : DataSummary.markdown(header) + "\n";
    if (out == null) {
      return preamble + ReportWriter.markdown(rows, options);
    }
    Files.createDirectories(out);
    return ReportWriter.write(out.resolve("results.md"), out.resolve("results.csv"), rows, options, preamble);
  }
}
